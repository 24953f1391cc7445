import { deflateSync } from "node:zlib";
import sharp from "sharp";

// Images for attachment tests: a plain picture, a phone's EXIF, a decompression bomb.

export type Format = "jpeg" | "png" | "webp" | "gif";
export const still = (width: number, height: number, format: Format, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 60, b: 30, alpha: 0.5 } } }).toFormat(format);

/** What a phone writes: camera make and serial, and where the picture was taken. */
export const CAMERA_EXIF = {
  IFD0: { Make: "AcmeCam", Model: "X1" },
  IFD2: { BodySerialNumber: "SN-98765" },
  IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1", GPSMapDatum: "WGS-84-SECRET" },
};
export const TRACES = ["WGS-84-SECRET", "SN-98765", "AcmeCam", "Exif\0\0", "eXIf", "EXIF"];

// CRC-32 of PNG chunks, so the bomb below is a valid PNG and not refused for a bad checksum.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf: Buffer) =>
  (buf.reduce((c, b) => CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

/** A valid 1-bit greyscale PNG of side × side black pixels: ~50 KB that decodes to side² pixels. */
export function pngBomb(side: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter, no interlace
  const rows = Buffer.alloc((Math.ceil(side / 8) + 1) * side); // each row: filter byte + pixels
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
