import { describe, expect, it } from "vitest";
import { dictionaries } from "~/app/_i18n/dictionaries";
import {
  admit,
  canSend,
  type Chip,
  isRetryable,
  parseUploaded,
  sendable,
  uploadErrorText,
  uploadFailure,
} from "./uploads";

const { en, zh } = dictionaries;
const attachment = (id: string) => ({
  id,
  kind: "image" as const,
  mime: "image/png",
  name: `${id}.png`,
  size: 10,
  width: 4,
  height: 3,
});
const chip = (key: string, status: Chip["status"]): Chip => ({
  key,
  name: `${key}.png`,
  size: 10,
  mime: "image/png",
  previewUrl: null,
  status,
  progress: status === "done" ? 1 : 0,
  attachment: status === "done" ? attachment(key) : null,
  failure: status === "failed" ? { code: "TOO_LARGE", message: null, retryAfter: null } : null,
});

describe("canSend", () => {
  it("needs text or an uploaded attachment", () => {
    expect(canSend({ text: "", chips: [], editing: false })).toBe(false);
    expect(canSend({ text: "  \n", chips: [], editing: false })).toBe(false);
    expect(canSend({ text: "hi", chips: [], editing: false })).toBe(true);
    expect(canSend({ text: "", chips: [chip("a", "done")], editing: false })).toBe(true);
  });

  it("waits for every upload in progress", () => {
    expect(canSend({ text: "hi", chips: [chip("a", "done"), chip("b", "uploading")], editing: false })).toBe(false);
    expect(canSend({ text: "", chips: [chip("b", "uploading")], editing: false })).toBe(false);
  });

  it("is not held back by a refused file, which alone is nothing to send", () => {
    expect(canSend({ text: "", chips: [chip("a", "failed")], editing: false })).toBe(false);
    expect(canSend({ text: "", chips: [chip("a", "failed"), chip("b", "done")], editing: false })).toBe(true);
    expect(canSend({ text: "hi", chips: [chip("a", "failed")], editing: false })).toBe(true);
  });

  it("an edit needs text, whatever the strip holds", () => {
    expect(canSend({ text: "", chips: [chip("a", "done")], editing: true })).toBe(false);
    expect(canSend({ text: "fixed", chips: [chip("b", "uploading")], editing: true })).toBe(true);
  });
});

describe("sendable", () => {
  it("is the uploaded attachments in the strip's order", () => {
    const chips = [chip("a", "done"), chip("b", "failed"), chip("c", "done")];
    expect(sendable(chips).map((a) => a.id)).toEqual(["a", "c"]);
  });
});

describe("admit", () => {
  it("takes what fits under the limit", () => {
    expect(admit(0, 3, 4)).toEqual({ take: 3, refused: 0 });
    expect(admit(2, 3, 4)).toEqual({ take: 2, refused: 1 });
    expect(admit(4, 1, 4)).toEqual({ take: 0, refused: 1 });
    expect(admit(0, 6, 4)).toEqual({ take: 4, refused: 2 });
  });
});

describe("uploadFailure", () => {
  const json = (code: string, message: string) => JSON.stringify({ error: { code, message } });

  it("reads the server's code, sentence and Retry-After", () => {
    expect(uploadFailure(413, json("TOO_LARGE", "Files can be at most 25 MB."), null)).toEqual({
      code: "TOO_LARGE",
      message: "Files can be at most 25 MB.",
      retryAfter: null,
    });
    expect(uploadFailure(429, json("RATE_LIMITED", "Slow down."), "30")).toEqual({
      code: "RATE_LIMITED",
      message: "Slow down.",
      retryAfter: 30,
    });
  });

  it("falls back to the status when the body is not the server's JSON", () => {
    expect(uploadFailure(413, "<html>Request Entity Too Large</html>", null).code).toBe("TOO_LARGE");
    expect(uploadFailure(503, "", "5").code).toBe("STORAGE_UNAVAILABLE");
    expect(uploadFailure(503, "", "5").retryAfter).toBe(5);
    expect(uploadFailure(401, "", null).code).toBe("UNAUTHORIZED");
    expect(uploadFailure(422, "{}", null)).toEqual({ code: "BAD_INPUT", message: null, retryAfter: null });
    expect(uploadFailure(500, "null", null).code).toBe("UNKNOWN");
  });

  it("no answer at all is the network", () => {
    expect(uploadFailure(0, "", null)).toEqual({ code: "NETWORK", message: null, retryAfter: null });
  });

  it("reads an HTTP-date Retry-After as seconds from now", () => {
    const inTen = new Date(Date.now() + 10_000).toUTCString();
    const s = uploadFailure(503, "", inTen).retryAfter!;
    expect(s).toBeGreaterThanOrEqual(9);
    expect(s).toBeLessThanOrEqual(11);
    expect(uploadFailure(503, "", "soon").retryAfter).toBeNull();
  });
});

describe("uploadErrorText", () => {
  const failure = (code: string, message: string | null = null, retryAfter: number | null = null) => ({
    code,
    message,
    retryAfter,
  });

  it("gives English readers the server's sentence", () => {
    expect(uploadErrorText(failure("TOO_LARGE", "Files can be at most 25 MB."), en, "en")).toBe(
      "Files can be at most 25 MB.",
    );
  });

  it("translates by code for other languages, with the wait", () => {
    expect(uploadErrorText(failure("TOO_LARGE", "Files can be at most 25 MB."), zh, "zh")).toBe(
      zh.attach.errors.TOO_LARGE,
    );
    expect(uploadErrorText(failure("RATE_LIMITED", "Slow down.", 30), zh, "zh")).toBe("上传过于频繁。请 30 秒后再试。");
  });

  it("falls back to the code's English, then the server's sentence, then a generic one", () => {
    expect(uploadErrorText(failure("NETWORK"), en, "en")).toBe(en.attach.errors.NETWORK);
    expect(uploadErrorText(failure("STORAGE_UNAVAILABLE", null, 5), en, "en")).toBe(
      "Files cannot be stored right now. Try again in 5 seconds.",
    );
    expect(uploadErrorText(failure("SOMETHING_NEW", "A new rule."), zh, "zh")).toBe("A new rule.");
    expect(uploadErrorText(failure("SOMETHING_NEW"), zh, "zh")).toBe(zh.attach.errors.UNKNOWN);
  });

  it("has a translation for every code the server sends", () => {
    for (const code of [
      "EMPTY_FILE",
      "TOO_LARGE",
      "UNSUPPORTED_TYPE",
      "TYPE_MISMATCH",
      "POLYGLOT",
      "EXECUTABLE",
      "CORRUPT_IMAGE",
      "IMAGE_TOO_LARGE",
      "STORAGE_UNAVAILABLE",
      "RATE_LIMITED",
      "QUOTA_EXCEEDED",
      "TOO_MANY_FILES",
      "BAD_INPUT",
      "NOT_FOUND",
    ]) {
      expect(en.attach.errors[code], code).toBeTruthy();
      expect(zh.attach.errors[code], code).toBeTruthy();
    }
  });
});

describe("isRetryable", () => {
  it("offers a retry for passing trouble, not for a refusal of the file", () => {
    expect(isRetryable({ code: "NETWORK", message: null, retryAfter: null })).toBe(true);
    expect(isRetryable({ code: "RATE_LIMITED", message: null, retryAfter: 3 })).toBe(true);
    expect(isRetryable({ code: "TOO_LARGE", message: null, retryAfter: null })).toBe(false);
  });
});

describe("parseUploaded", () => {
  it("reads the 201 answer's attachment", () => {
    expect(parseUploaded(JSON.stringify({ attachment: attachment("a") }))).toEqual(attachment("a"));
    const pdf = { id: "p", kind: "pdf", mime: "application/pdf", name: "x.pdf", size: 3, width: null, height: null };
    expect(parseUploaded(JSON.stringify({ attachment: pdf }))).toEqual(pdf);
  });

  it("refuses anything else", () => {
    expect(parseUploaded("")).toBeNull();
    expect(parseUploaded("{}")).toBeNull();
    expect(parseUploaded(JSON.stringify({ attachment: { ...attachment("a"), kind: "exe" } }))).toBeNull();
  });
});
