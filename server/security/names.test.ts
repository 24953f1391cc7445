import { describe, expect, it } from "vitest";
import { hiddenCharacter, isReservedName } from "./names";

describe("hiddenCharacter", () => {
  it.each([
    ["right-to-left override", "evil\u202Etxt.exe", "U+202E"],
    ["left-to-right embedding", "a\u202Ab", "U+202A"],
    ["pop directional formatting", "a\u202Cb", "U+202C"],
    ["isolates", "a\u2066b\u2069", "U+2066"],
    ["first strong isolate", "a\u2068b", "U+2068"],
    ["left-to-right mark", "a\u200Eb", "U+200E"],
    ["arabic letter mark", "a\u061Cb", "U+061C"],
    ["zero-width space", "Ali\u200Bce", "U+200B"],
    ["zero-width non-joiner", "Ali\u200Cce", "U+200C"],
    ["zero-width joiner between letters", "Ali\u200Dce", "U+200D"],
    ["word joiner", "Ali\u2060ce", "U+2060"],
    ["byte-order mark", "\uFEFFAlice", "U+FEFF"],
    ["soft hyphen", "Al\u00ADice", "U+00AD"],
    ["Hangul filler", "\u3164", "U+3164"],
    ["braille blank", "A\u2800", "U+2800"],
    ["tag character", "A\u{E0041}", "U+E0041"],
  ])("finds %s", (_, text, code) => {
    expect(hiddenCharacter(text)).toBe(code);
  });

  it("accepts ordinary names in any script, emoji and emoji sequences", () => {
    for (const name of [
      "Alice",
      "Zoë",
      "王小明",
      "محمد",
      "Дмитрий",
      "Ana María",
      "❤️ Bob",
      "👨‍👩‍👧 family",
      "O'Brien-Smith",
    ]) {
      expect(hiddenCharacter(name), name).toBeNull();
    }
  });
});

describe("isReservedName", () => {
  it.each([
    "Admin",
    "admin",
    "ADMIN",
    "Аdmin",
    "Αdmin",
    "ａｄｍｉｎ",
    "Ádmin",
    "A D M I N",
    "a.d.m.i.n",
    "Team Admin",
    "adm1n",
    "4dmin",
    "Administrator",
    "Moderator",
    "System",
    "管理员",
    "系统管理员",
    "超级管理員",
    "客服小王",
  ])("reserves %j", (name) => {
    expect(isReservedName(name)).toBe(true);
  });

  it.each(["Alice", "Adam", "Badminton", "Admiral", "Dmitri", "Carol", "王小明", "Sysiphus"])("allows %j", (name) => {
    expect(isReservedName(name)).toBe(false);
  });
});
