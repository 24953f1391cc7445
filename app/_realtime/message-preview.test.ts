import { describe, expect, it } from "vitest";
import { dictionaries } from "~/app/_i18n/dictionaries";
import { attachmentSummary, previewText, spokenContent } from "./message-preview";

const { en, zh } = dictionaries;
const image = (name = "cat.jpg") => ({ kind: "image" as const, name });
const pdf = (name = "report.pdf") => ({ kind: "pdf" as const, name });

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

  it("leaves the icon out when spoken", () => {
    expect(attachmentSummary([image(), image()], en, { icon: false })).toBe("2 photos");
    expect(attachmentSummary([pdf()], en, { icon: false })).toBe("report.pdf");
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

describe("spokenContent", () => {
  it("says the files without icons, then the text", () => {
    expect(spokenContent({ body: "look", attachments: [image(), image()] }, en)).toBe("2 photos · look");
    expect(spokenContent({ body: "", attachments: [pdf()] }, en)).toBe("report.pdf");
    expect(spokenContent({ body: "just text", attachments: [] }, en)).toBe("just text");
  });
});
