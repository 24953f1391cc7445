import { describe, expect, it } from "vitest";
import { UNSUPPORTED_MESSAGE } from "./errors";
import { checkClaim, checkSize, inspectUpload, isPlainText, sniffType, TYPES } from "./sniff";

const bytes = (...parts: (string | number[] | Uint8Array)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));
const filler = (n: number, byte = 0x41) => new Uint8Array(n).fill(byte);

const jpeg = bytes([0xff, 0xd8, 0xff, 0xe0], filler(60), [0xff, 0xd9]);
const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], filler(60));
const gif = bytes("GIF89a", filler(40), ";");
const webp = bytes("RIFF", [40, 0, 0, 0], "WEBPVP8 ", filler(32));
const pdf = bytes("%PDF-1.7\n", "1 0 obj << >> endobj\n%%EOF\n");
const utf8 = (s: string) => Buffer.from(s, "utf8");
const ZIP_END = [0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)];
const ELF = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0];

describe("sniffType", () => {
  it.each([
    ["JPEG", jpeg, TYPES.jpeg],
    ["PNG", png, TYPES.png],
    ["GIF", gif, TYPES.gif],
    ["GIF87a", bytes("GIF87a", filler(10)), TYPES.gif],
    ["WebP", webp, TYPES.webp],
    ["PDF", pdf, TYPES.pdf],
    ["ASCII text", utf8("hello\tworld\r\nsecond line\n"), TYPES.text],
    ["UTF-8 text in several scripts", utf8("Grüße — こんにちは — مرحبا 👋\n"), TYPES.text],
    ["UTF-8 with a byte order mark", bytes([0xef, 0xbb, 0xbf], utf8("bom")), TYPES.text],
    ["text that mentions MZ later", utf8("see the MZ header\n"), TYPES.text],
  ])("recognises %s from its bytes", (_name, input, type) => {
    expect(sniffType(input)).toEqual({ ok: true, type });
  });

  it("refuses a 0-byte file", () => {
    expect(sniffType(new Uint8Array())).toEqual({ ok: false, code: "EMPTY_FILE", message: "The file is empty." });
  });

  it.each([
    ["a Windows executable renamed .png", bytes("MZ", [0x90, 0, 3, 0], filler(100, 0))],
    ["an ELF binary", bytes(ELF, filler(100, 0))],
    ["a shell script", utf8("#!/bin/sh\nrm -rf ~\n")],
    ["a Mach-O binary", bytes([0xcf, 0xfa, 0xed, 0xfe], filler(40, 0))],
  ])("refuses %s as a program", (_name, input) => {
    expect(sniffType(input)).toEqual({
      ok: false,
      code: "EXECUTABLE",
      message: "Programs and scripts cannot be sent.",
    });
  });

  it.each([
    ["a zip archive", bytes("PK", [3, 4], filler(40, 0))],
    ["a WAV file", bytes("RIFF", [40, 0, 0, 0], "WAVEfmt ", filler(20, 0))],
    ["an SVG (markup that runs scripts is not plain text to us)", bytes([0x00], utf8("<svg/>"))],
    ["invalid UTF-8", bytes("abc", [0xc3, 0x28], "def")],
    ["UTF-16 text (NUL bytes)", Buffer.from("hello", "utf16le")],
    ["text with an ANSI escape", utf8("ok \u001b[31mred\u001b[0m\n")],
    ["text with a C1 control", utf8("ok \u0085 next")],
    ["text with DEL", utf8("ok \u007f")],
  ])("refuses %s with the list of accepted types", (_name, input) => {
    expect(sniffType(input)).toEqual({ ok: false, code: "UNSUPPORTED_TYPE", message: UNSUPPORTED_MESSAGE });
  });

  it.each([
    ["a PDF inside a JPEG", bytes(jpeg, "%PDF-1.4 trailing"), "a PDF", "the JPEG image"],
    [
      "a zip appended to a GIF (GIFAR)",
      bytes(gif, "PK", [3, 4], filler(50, 0), ZIP_END),
      "an archive",
      "the GIF image",
    ],
    ["an ELF program inside a PNG", bytes(png, ELF, filler(20, 0)), "a program", "the PNG image"],
    [
      "a PE program inside a WebP",
      bytes(webp, "MZ...This program cannot be run in DOS mode."),
      "a program",
      "the WebP image",
    ],
    ["a zip at the end of a PDF", bytes(pdf, ZIP_END), "an archive", "the PDF document"],
    ["a PDF header early in a text file", utf8("note\n%PDF-1.4\n1 0 obj\n"), "a PDF", "the plain text file"],
  ])("refuses %s as a polyglot", (_name, input, hidden, outer) => {
    expect(sniffType(input)).toEqual({
      ok: false,
      code: "POLYGLOT",
      message: `This file has ${hidden} hidden inside ${outer}, so it cannot be sent.`,
    });
  });

  it("looks for a zip only where a zip reader would find its directory (the last 64 KiB)", () => {
    const early = bytes(jpeg, ZIP_END, filler(70_000));
    expect(sniffType(early)).toMatchObject({ ok: true });
    expect(sniffType(bytes(jpeg, filler(70_000), ZIP_END))).toMatchObject({ ok: false, code: "POLYGLOT" });
  });

  it("lets a text file mention %PDF- past where PDF readers look", () => {
    expect(sniffType(utf8(`${"x".repeat(2000)}\n%PDF-1.4 is a version\n`))).toMatchObject({ ok: true });
  });
});

describe("isPlainText", () => {
  it("accepts tab, CR and LF and nothing else below space", () => {
    expect(isPlainText(utf8("\t\r\n"))).toBe(true);
    for (let c = 0; c < 0x20; c++) {
      if (c === 9 || c === 10 || c === 13) continue;
      expect(isPlainText(Uint8Array.of(0x61, c)), `control 0x${c.toString(16)}`).toBe(false);
    }
  });
});

describe("checkSize", () => {
  it("refuses empty and oversized files and names the limit", () => {
    expect(checkSize(0, 10)).toEqual({ code: "EMPTY_FILE", message: "The file is empty." });
    expect(checkSize(10 * 1024 * 1024 + 1, 10 * 1024 * 1024)).toEqual({
      code: "TOO_LARGE",
      message: "Files can be at most 10 MB.",
    });
    expect(checkSize(2_000_000, 1_572_864)).toMatchObject({ message: "Files can be at most 1.5 MB." });
    expect(checkSize(10 * 1024 * 1024, 10 * 1024 * 1024)).toBeNull();
  });
});

describe("checkClaim", () => {
  it.each([
    [TYPES.jpeg, undefined],
    [TYPES.jpeg, ""],
    [TYPES.jpeg, "application/octet-stream"],
    [TYPES.jpeg, "image/jpeg"],
    [TYPES.jpeg, "IMAGE/JPG"],
    [TYPES.png, "image/png; charset=binary"],
    [TYPES.text, "text/markdown"],
    [TYPES.text, "text/csv"],
    [TYPES.text, "application/json"],
  ])("accepts %o claimed as %j", (type, claim) => {
    expect(checkClaim(type, claim)).toBeNull();
  });

  it("refuses a content type that the bytes contradict", () => {
    expect(checkClaim(TYPES.jpeg, "image/png")).toEqual({
      code: "TYPE_MISMATCH",
      message: "This file says it is image/png but it is a JPEG image, so it was not sent.",
    });
    expect(checkClaim(TYPES.text, "application/pdf")).toMatchObject({ code: "TYPE_MISMATCH" });
    expect(checkClaim(TYPES.pdf, "text/plain")).toMatchObject({ code: "TYPE_MISMATCH" });
  });

  it("never echoes a claim that is not a plain media type", () => {
    expect(checkClaim(TYPES.png, "<script>alert(1)</script>")).toMatchObject({
      message: "This file says it is another type but it is a PNG image, so it was not sent.",
    });
  });
});

describe("inspectUpload", () => {
  it("checks size, then bytes, then the claim", () => {
    expect(inspectUpload(jpeg, { maxBytes: 10, claimedType: "image/png" })).toMatchObject({ code: "TOO_LARGE" });
    expect(inspectUpload(bytes("MZ", filler(10)), { maxBytes: 1000, claimedType: "image/png" })).toMatchObject({
      code: "EXECUTABLE",
    });
    expect(inspectUpload(jpeg, { maxBytes: 1000, claimedType: "image/png" })).toMatchObject({ code: "TYPE_MISMATCH" });
    expect(inspectUpload(jpeg, { maxBytes: 1000, claimedType: "image/jpeg" })).toEqual({ ok: true, type: TYPES.jpeg });
  });
});
