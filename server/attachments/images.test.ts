import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { AttachmentError } from "./errors";
import { processImage } from "./images";
import { sniffType, TYPES } from "./sniff";
import { CAMERA_EXIF, pngBomb, still, TRACES } from "~/test/image-fixtures";

async function refusedWith(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AttachmentError);
  return (error as AttachmentError).code;
}

describe("processImage: metadata", () => {
  it.each(["jpeg", "png", "webp"] as const)("strips EXIF GPS and camera serial from %s", async (format) => {
    const input = await still(640, 480, format).withExif(CAMERA_EXIF).toBuffer();
    // The fixture really carries them, so their absence below means something.
    expect((await sharp(input).metadata()).exif).toBeDefined();
    expect(input.includes("WGS-84-SECRET") && input.includes("SN-98765")).toBe(true);

    const out = await processImage(input, TYPES[format]);
    for (const variant of [out.display, out.thumbnail]) {
      const meta = await sharp(variant.bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.iptc).toBeUndefined();
      for (const trace of TRACES) expect(variant.bytes.includes(trace), trace).toBe(false);
    }
  });

  it("applies the EXIF orientation to the pixels and drops the tag", async () => {
    // Stored landscape, tagged "rotate 90° clockwise": the picture is portrait.
    const input = await still(400, 200, "jpeg").withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(input).metadata()).orientation).toBe(6);
    const out = await processImage(input, TYPES.jpeg);
    expect([out.width, out.height]).toEqual([200, 400]);
    expect([out.display.width, out.display.height]).toEqual([200, 400]);
    const meta = await sharp(out.display.bytes).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([200, 400, undefined]);
  });
});

describe("processImage: sizes and formats", () => {
  it("makes a display size of at most 1600 px and a thumbnail of at most 320 px", async () => {
    const out = await processImage(await still(2400, 1200, "jpeg").toBuffer(), TYPES.jpeg);
    expect(out).toMatchObject({ width: 2400, height: 1200, frames: 1 });
    expect(out.display).toMatchObject({ mime: "image/jpeg", width: 1600, height: 800 });
    expect(out.thumbnail).toMatchObject({ mime: "image/jpeg", width: 320, height: 160 });
    const meta = await sharp(out.thumbnail.bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 320, 160]);
  });

  it("never enlarges a small image", async () => {
    const out = await processImage(await still(100, 50, "png").toBuffer(), TYPES.png);
    expect(out.display).toMatchObject({ width: 100, height: 50 });
    expect(out.thumbnail).toMatchObject({ width: 100, height: 50 });
  });

  it.each(["png", "webp"] as const)("keeps %s as %s, with its transparency", async (format) => {
    const out = await processImage(await still(500, 500, format, 4).toBuffer(), TYPES[format]);
    const meta = await sharp(out.display.bytes).metadata();
    expect([out.display.mime, meta.format, meta.hasAlpha]).toEqual([TYPES[format].mime, format, true]);
  });

  it("keeps a GIF's animation, every frame resized", async () => {
    const frames = await Promise.all(["#f00", "#0f0", "#00f"].map((c) => still(900, 600, "png").tint(c).toBuffer()));
    const input = await sharp(frames, { join: { animated: true } })
      .gif({ delay: 120 })
      .toBuffer();
    expect(sniffType(input)).toEqual({ ok: true, type: TYPES.gif });
    const out = await processImage(input, TYPES.gif);
    expect(out).toMatchObject({ width: 900, height: 600, frames: 3 });
    expect(out.thumbnail).toMatchObject({ mime: "image/gif", width: 320, height: 213 });
    const meta = await sharp(out.thumbnail.bytes).metadata();
    expect([meta.format, meta.pages, meta.width]).toEqual(["gif", 3, 320]);
  });
});

describe("processImage: bad input", () => {
  it.each(["jpeg", "png", "gif"] as const)("refuses a truncated %s", async (format) => {
    const whole = await still(300, 200, format).toBuffer();
    const truncated = whole.subarray(0, Math.floor(whole.length * 0.6));
    expect(await refusedWith(processImage(truncated, TYPES[format]))).toBe("CORRUPT_IMAGE");
  });

  it("refuses a decompression bomb before decoding it", async () => {
    const bomb = pngBomb(20_000); // 400 MP from ~50 KB
    expect(bomb.length).toBeLessThan(200_000);
    // A valid PNG, not a broken one (read without the limit, which sharp applies to metadata too).
    expect((await sharp(bomb, { limitInputPixels: false }).metadata()).width).toBe(20_000);
    const error = await processImage(bomb, TYPES.png).catch((e: unknown) => e as AttachmentError);
    expect(error).toMatchObject({ code: "IMAGE_TOO_LARGE", message: "Images can be at most 64 megapixels." });
  });

  it("counts every frame of an animation against the pixel limit", async () => {
    const frames = await Promise.all(["#f00", "#0f0", "#00f"].map((c) => still(300, 200, "png").tint(c).toBuffer()));
    const input = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    // Each frame is 60,000 pixels; the three together are 180,000.
    expect(await refusedWith(processImage(input, TYPES.gif, { maxInputPixels: 150_000 }))).toBe("IMAGE_TOO_LARGE");
    await expect(processImage(input, TYPES.gif, { maxInputPixels: 200_000 })).resolves.toMatchObject({ frames: 3 });
  });

  it("refuses bytes whose decoder disagrees with the sniffed type", async () => {
    const png = await still(50, 50, "png").toBuffer();
    expect(await refusedWith(processImage(png, TYPES.jpeg))).toBe("CORRUPT_IMAGE");
  });

  it("refuses garbage behind a valid signature", async () => {
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 0x42)]);
    expect(await refusedWith(processImage(fake, TYPES.jpeg))).toBe("CORRUPT_IMAGE");
  });
});
