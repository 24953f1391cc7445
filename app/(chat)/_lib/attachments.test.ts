import { describe, expect, it } from "vitest";
import { dictionaries } from "~/app/_i18n/dictionaries";
import { attachmentSummary, formatSize, imageAlt, previewText, stepIndex } from "./attachments";

const { en, zh } = dictionaries;
const image = (name = "cat.jpg") => ({ kind: "image" as const, name });
const pdf = (name = "report.pdf") => ({ kind: "pdf" as const, name });

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

describe("attachmentSummary", () => {
  it("counts photos, names a single file, counts a mix", () => {
    expect(attachmentSummary([], en)).toBeNull();
    expect(attachmentSummary([image()], en)).toBe("📷 Photo");
    expect(attachmentSummary([image(), image()], en)).toBe("📷 2 photos");
    expect(attachmentSummary([image(), image(), image()], zh)).toBe("📷 3 张图片");
    expect(attachmentSummary([image()], zh)).toBe("📷 图片");
    expect(attachmentSummary([pdf()], en)).toBe("📎 report.pdf");
    expect(attachmentSummary([{ kind: "text", name: "notes.txt" }], zh)).toBe("📎 notes.txt");
    expect(attachmentSummary([image(), pdf()], en)).toBe("📎 2 attachments");
    expect(attachmentSummary([pdf(), pdf("b.pdf")], zh)).toBe("📎 2 个附件");
  });
});

describe("previewText", () => {
  it("is the text when there is any, even with attachments (the caption)", () => {
    expect(previewText({ body: "look", attachments: [image()] }, en)).toBe("look");
    expect(previewText({ body: "plain", attachments: [] }, en)).toBe("plain");
  });

  it("is the attachments' summary for a message sent without text", () => {
    expect(previewText({ body: "", attachments: [image()] }, en)).toBe("📷 Photo");
    expect(previewText({ body: "", attachments: [pdf()] }, zh)).toBe("📎 report.pdf");
  });

  it("says 'Attachment' when only the emptiness of the text is known (a quote)", () => {
    expect(previewText({ body: "" }, en)).toBe("📎 Attachment");
    expect(previewText({ body: "" }, zh)).toBe("📎 附件");
  });

  it("never names a recalled message's files (it has none and no body)", () => {
    expect(previewText({ body: null, attachments: [] }, en)).toBe("");
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
