import { describe, expect, it } from "vitest";
import { dictionaries } from "~/app/_i18n/dictionaries";
import { describeActionError } from "./action-errors";

const err = (appCode: string, message: string, code = "FORBIDDEN") => ({ message, data: { code, appCode } });
const { en, zh } = dictionaries;

describe("describeActionError", () => {
  it("says edit refusals as edit refusals, not recall ones, in both languages", () => {
    const expired = err("WINDOW_EXPIRED", "Messages can only be edited within 15 minutes of sending.");
    expect(describeActionError(expired, "edit", en, "en")).toBe("It is too late to edit this message.");
    expect(describeActionError(expired, "edit", zh, "zh")).toBe(zh.edit.errors.WINDOW_EXPIRED);
    expect(describeActionError(err("RECALLED", "x", "CONFLICT"), "edit", zh, "zh")).toBe("这条消息已撤回，无法编辑。");
    expect(describeActionError(err("EDIT_DISABLED", "x"), "edit", en, "en")).toBe(
      "Editing messages is turned off in this conversation.",
    );
    expect(describeActionError(err("NOT_ALLOWED", "x"), "edit", en, "en")).toBe("You can only edit messages you sent.");
  });

  it("says report refusals", () => {
    const twice = err("ALREADY_REPORTED", "You already reported this message; the moderators have it.", "CONFLICT");
    expect(describeActionError(twice, "report", en, "en")).toBe("You already reported this message.");
    expect(describeActionError(twice, "report", zh, "zh")).toBe("你已经举报过这条消息。");
    expect(describeActionError(err("OWN_MESSAGE", "x", "BAD_REQUEST"), "report", zh, "zh")).toBe(
      zh.report.errors.OWN_MESSAGE,
    );
    expect(describeActionError(err("RECALLED", "x", "CONFLICT"), "report", en, "en")).toBe(en.report.errors.RECALLED);
  });

  it("falls back to the general description for anything else", () => {
    const limited = err("RATE_LIMITED", "Too many edits. Try again in 3 seconds.", "TOO_MANY_REQUESTS");
    expect(describeActionError(limited, "edit", en, "en")).toBe(limited.message);
    expect(describeActionError(new TypeError("Failed to fetch"), "report", en, "en")).toBe(en.errors.network);
  });
});
