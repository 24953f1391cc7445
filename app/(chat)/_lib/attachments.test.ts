import { describe, expect, it } from "vitest";
import { formatSize, imageAlt, stepIndex } from "./attachments";

describe("formatSize", () => {
  it("uses bytes, then binary KB/MB/GB with one decimal below 10", () => {
    expect(formatSize(0, "en")).toBe("0 B");
    expect(formatSize(512, "en")).toBe("512 B");
    expect(formatSize(1024, "en")).toBe("1 KB");
    expect(formatSize(1536, "en")).toBe("1.5 KB");
    expect(formatSize(34 * 1024 + 100, "en")).toBe("34 KB");
    expect(formatSize(1.2 * 1024 * 1024, "en")).toBe("1.2 MB");
    expect(formatSize(25 * 1024 * 1024, "en")).toBe("25 MB");
    expect(formatSize(3 * 1024 ** 3, "en")).toBe("3 GB");
  });

  it("never says 1024 of a unit", () => {
    expect(formatSize(1024 * 1024 - 1, "en")).toBe("1 MB");
    expect(formatSize(1023.6, "en")).toBe("1 KB");
  });

  it("formats digits for the reader's locale", () => {
    expect(formatSize(1.2 * 1024 * 1024, "zh")).toBe("1.2 MB");
    expect(formatSize(-5, "en")).toBe("0 B");
  });
});

describe("stepIndex", () => {
  it("moves with the arrows and stops at the ends", () => {
    expect(stepIndex(0, "ArrowRight", 3)).toBe(1);
    expect(stepIndex(2, "ArrowRight", 3)).toBe(2);
    expect(stepIndex(1, "ArrowLeft", 3)).toBe(0);
    expect(stepIndex(0, "ArrowLeft", 3)).toBe(0);
  });

  it("jumps with Home and End; other keys and a lone image stay", () => {
    expect(stepIndex(1, "Home", 4)).toBe(0);
    expect(stepIndex(1, "End", 4)).toBe(3);
    expect(stepIndex(1, "Enter", 4)).toBe(1);
    expect(stepIndex(0, "ArrowRight", 1)).toBe(0);
    expect(stepIndex(0, "ArrowRight", 0)).toBe(0);
  });
});

describe("imageAlt", () => {
  it("is the caption, else the file name", () => {
    expect(imageAlt("Our cat", "IMG_1.jpg")).toBe("Our cat");
    expect(imageAlt("  ", "IMG_1.jpg")).toBe("IMG_1.jpg");
    expect(imageAlt(null, "IMG_1.jpg")).toBe("IMG_1.jpg");
  });
});
