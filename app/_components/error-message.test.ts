import { describe, expect, it } from "vitest";
import { dictionaries } from "~/app/_i18n/dictionaries";
import { describeError, fieldErrorsOf } from "./error-message";

const windowExpired = {
  message: "Messages can only be recalled within 2 minutes of sending.",
  data: { code: "FORBIDDEN", appCode: "WINDOW_EXPIRED", fieldErrors: null },
};

describe("describeError", () => {
  it("shows the server's sentence in English", () => {
    expect(describeError(windowExpired, dictionaries.en, "en")).toBe(windowExpired.message);
  });
  it("translates by appCode in Chinese", () => {
    expect(describeError(windowExpired, dictionaries.zh, "zh")).toBe(dictionaries.zh.errors.WINDOW_EXPIRED);
  });
  it("falls back to the server's English sentence without an appCode", () => {
    const e = { message: "title: A group needs a title.", data: { code: "BAD_REQUEST", appCode: null } };
    expect(describeError(e, dictionaries.zh, "zh")).toBe(e.message);
  });
  it("says the server is unreachable for network failures", () => {
    expect(describeError(new TypeError("Failed to fetch"), dictionaries.en, "en")).toBe(dictionaries.en.errors.network);
  });
  it("has a generic sentence for anything else", () => {
    expect(describeError(null, dictionaries.en, "en")).toBe(dictionaries.en.app.error);
  });
});

describe("fieldErrorsOf", () => {
  it("maps the first message per field", () => {
    const e = {
      data: {
        fieldErrors: [
          { path: "email", message: "Please enter a valid email address." },
          { path: "email", message: "second" },
          { path: "password", message: "A password needs at least 8 characters." },
        ],
      },
    };
    expect(fieldErrorsOf(e)).toEqual({
      email: "Please enter a valid email address.",
      password: "A password needs at least 8 characters.",
    });
    expect(fieldErrorsOf(new Error("x"))).toEqual({});
  });
});
