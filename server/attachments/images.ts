import sharp, { type FormatEnum, type Sharp, type SharpOptions } from "sharp";
import { AttachmentError } from "./errors";
import { type SniffedType } from "./sniff";

/**
 * Every image is decoded and encoded again; the sender's bytes are never stored or served. That
 * drops EXIF (GPS position, camera serial), XMP and IPTC (sharp writes no metadata unless told to
 * with keepMetadata/keepExif/withMetadata, none of which is called here), anything appended after
 * the pixels, and any crafted structure aimed at a viewer's decoder.
 *
 * Animation is kept: an animated GIF or WebP stays animated, in its own format, in both sizes.
 * A chat is where animated GIFs are sent, and a first frame would silently change the message.
 * The pixel limit counts every frame, so a long animation is refused like a huge still.
 */
export const DISPLAY_MAX_SIDE = 1600;
export const THUMBNAIL_MAX_SIDE = 320;
/** 64 MP: a 48 MP phone photo (8064 × 6048) fits; decoded, it is ~200 MB of RGB. */
export const MAX_INPUT_PIXELS = 64_000_000;
/** A hang detector for one encode, not a speed budget. */
const ENCODE_TIMEOUT_SECONDS = 30;

type ImageMime = "image/jpeg" | "image/png" | "image/webp" | "image/gif";
const FORMATS: Record<ImageMime, keyof FormatEnum & ("jpeg" | "png" | "webp" | "gif")> = {
  "image/jpeg": "jpeg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
};

export interface ImageVariant {
  bytes: Buffer;
  mime: ImageMime;
  /** Of one frame, after orientation. */
  width: number;
  height: number;
}

export interface ProcessedImage {
  /** The upload's size after orientation: what the message says the picture is. */
  width: number;
  height: number;
  frames: number;
  display: ImageVariant;
  thumbnail: ImageVariant;
}

export interface ImageOptions {
  maxInputPixels?: number;
}

const tooLarge = (maxPixels: number) =>
  new AttachmentError(
    "IMAGE_TOO_LARGE",
    `Images can be at most ${Math.floor(maxPixels / 1_000_000) || maxPixels / 1_000_000} megapixels.`,
  );
const corrupt = (cause: unknown) =>
  new AttachmentError("CORRUPT_IMAGE", "The image is damaged or incomplete, so it cannot be sent.", { cause });

function decoder(bytes: Uint8Array, maxPixels: number): Sharp {
  const options: SharpOptions = {
    // "error" refuses truncated and corrupt pixel data; "warning" would also refuse the harmless
    // quirks of some cameras (extra bytes before a marker), which senders could not fix.
    failOn: "error",
    limitInputPixels: maxPixels,
    // Frames of GIF/WebP; ignored for JPEG and PNG.
    animated: true,
  };
  return sharp(bytes, options).timeout({ seconds: ENCODE_TIMEOUT_SECONDS });
}

async function encode(input: Sharp, mime: ImageMime, maxSide: number): Promise<ImageVariant> {
  const { data, info } = await input
    .autoOrient() // apply the EXIF Orientation to the pixels; the tag itself is not written
    .resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true })
    .toFormat(FORMATS[mime], mime === "image/jpeg" ? { quality: 82 } : mime === "image/webp" ? { quality: 80 } : {})
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, mime, width: info.width, height: info.pageHeight ?? info.height };
}

function classify(error: unknown, maxPixels: number): AttachmentError {
  if (error instanceof AttachmentError) return error;
  const message = error instanceof Error ? error.message : "";
  if (/pixel limit/i.test(message)) return tooLarge(maxPixels);
  return corrupt(error);
}

/**
 * Decode an image whose type was sniffed, refuse it if it is too large or damaged, and return a
 * display size and a thumbnail in the same format. The thumbnail is made from the display image:
 * decoding ≤1600 px instead of the original again halves the work, and at 320 px the second
 * encode is invisible.
 */
export async function processImage(
  bytes: Uint8Array,
  type: SniffedType,
  options: ImageOptions = {},
): Promise<ProcessedImage> {
  const maxPixels = options.maxInputPixels ?? MAX_INPUT_PIXELS;
  const mime = type.mime as ImageMime;
  if (type.kind !== "image" || !(mime in FORMATS)) throw new Error(`processImage called with ${type.mime}`);
  try {
    // The header alone: the format must be the sniffed one, and the size is checked before any
    // pixel is decoded (sharp checks again while decoding, against dimensions it re-reads).
    const meta = await sharp(bytes, { failOn: "error", limitInputPixels: false }).metadata();
    if (meta.format !== FORMATS[mime]) throw corrupt(new Error(`decoder saw ${meta.format}, sniffed ${mime}`));
    const frames = meta.pages ?? 1;
    const oriented = meta.autoOrient;
    if (!oriented.width || !oriented.height) throw corrupt(new Error("no dimensions"));
    if (oriented.width * oriented.height * frames > maxPixels) throw tooLarge(maxPixels);

    const display = await encode(decoder(bytes, maxPixels), mime, DISPLAY_MAX_SIDE);
    const thumbnail = await encode(decoder(display.bytes, maxPixels), mime, THUMBNAIL_MAX_SIDE);
    return { width: oriented.width, height: oriented.height, frames, display, thumbnail };
  } catch (error) {
    throw classify(error, maxPixels);
  }
}
