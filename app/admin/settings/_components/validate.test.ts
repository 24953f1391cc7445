import { describe, expect, it } from "vitest";
import { dictionaries } from "~/app/_i18n/dictionaries";
import { settingFields } from "~/server/recall/settings";
import { checkNumber, type NumberField, numberLimits } from "./validate";

const fields = Object.keys(numberLimits) as NumberField[];

describe("settings validation mirrors the server", () => {
  it.each(fields)("%s: accepts exactly what the server accepts", (field) => {
    const { min, max } = numberLimits[field];
    for (const n of [min - 1, min, min + 1, Math.floor((min + max) / 2), max - 1, max, max + 1, 1.5, -0.5]) {
      const server = settingFields[field].safeParse(n).success;
      expect(checkNumber(field, String(n)).ok, `${field} = ${n}`).toBe(server);
    }
  });

  it.each(fields)("%s: the English messages are the server's sentences", (field) => {
    const { min, max } = numberLimits[field];
    const en = dictionaries.en.admin.settings.errors;
    for (const n of [min - 1, max + 1, min + 0.5]) {
      const client = checkNumber(field, String(n));
      const server = settingFields[field].safeParse(n);
      expect(client.ok).toBe(false);
      expect(server.success).toBe(false);
      if (!client.ok && !server.success) expect(en[client.error]).toBe(server.error.issues[0]!.message);
    }
  });

  it("asks for a number when the box is empty or not a number", () => {
    expect(checkNumber("retentionDays", "")).toEqual({ ok: false, error: "retentionRequired" });
    expect(checkNumber("retentionDays", "abc")).toEqual({ ok: false, error: "retentionRequired" });
    const server = settingFields.retentionDays.safeParse("abc");
    expect(!server.success && server.error.issues[0]!.message).toBe(
      dictionaries.en.admin.settings.errors.retentionRequired,
    );
    expect(checkNumber("retentionDays", " 30 ")).toEqual({ ok: true, value: 30 });
  });

  it.each(["en", "zh"] as const)("%s: each window's hint and its error say the same thing about 0", (locale) => {
    const settings = dictionaries[locale].admin.settings;
    // "0 turns recall off for senders" / "0 表示发送者不能撤回": the hint's sentence about 0, word for word in the error.
    for (const [hint, error] of [
      [settings.windowHint, settings.errors.windowMin],
      [settings.editWindowHint, settings.errors.editMin],
    ]) {
      const zero = /0 [^.。)）]+/.exec(hint!)?.[0];
      expect(zero).toBeTruthy();
      expect(error).toContain(zero);
    }
  });
});
