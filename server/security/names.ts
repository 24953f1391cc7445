/**
 * Rules for the names people show to others (display names, group titles). Message bodies are not
 * checked here: they may carry any character and are rendered as text.
 */

/**
 * Characters that change how the text around them is displayed or that show nothing: bidi
 * controls (U+202A–202E, U+2066–2069, U+200E/F, U+061C), zero-width and other format characters
 * (Unicode category Cf, which includes U+200B–200D, U+2060–2064, U+FEFF, soft hyphen, tag
 * characters), and letters that render as blanks (Hangul fillers, braille blank, combining
 * grapheme joiner, Mongolian variation selectors).
 */
// (The combining ones are alternatives, not class members: a class would combine them with their neighbour.)
const HIDDEN = /[\p{Cf}\u115F\u1160\u2800\u3164\uFFA0]|\u034F|\u180B|\u180C|\u180D|\u180F/gu;
// A zero-width joiner inside an emoji sequence (👨‍👩‍👧) draws one picture; it is not hiding anything.
const EMOJI_ZWJ = /(?<=\p{Extended_Pictographic}\uFE0F?)\u200D(?=\p{Extended_Pictographic})/gu;

/** The first hidden character in `text`, as `U+XXXX`, or null. */
export function hiddenCharacter(text: string): string | null {
  const found = text.replace(EMOJI_ZWJ, "").match(HIDDEN);
  return found ? `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}` : null;
}

// Letters from other scripts that look like Latin ones (Unicode's confusables, the subset that
// can spell the reserved words), plus digits people use for letters. l, 1 and | all fold to i:
// they look alike in many fonts, and no reserved word has an l.
const LOOKALIKES: Record<string, string> = {
  а: "a",
  е: "e",
  о: "o",
  р: "p",
  с: "c",
  х: "x",
  у: "y",
  і: "i",
  ї: "i",
  ј: "j",
  ӏ: "i",
  һ: "h",
  ԁ: "d",
  м: "m",
  т: "t",
  н: "h",
  к: "k",
  в: "b",
  ѕ: "s",
  ԛ: "q",
  ԝ: "w",
  α: "a",
  ε: "e",
  ο: "o",
  ρ: "p",
  ι: "i",
  κ: "k",
  ν: "v",
  τ: "t",
  υ: "u",
  χ: "x",
  μ: "m",
  η: "n",
  "0": "o",
  "1": "i",
  l: "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  "|": "i",
  ı: "i",
  ɑ: "a",
  ɡ: "g",
};

/** How a name looks, ignoring case, accents, width, spacing and look-alike letters. */
export function nameSkeleton(name: string): string {
  return [...name.normalize("NFKD").toLowerCase()]
    .map((ch) => LOOKALIKES[ch] ?? ch)
    .join("")
    .replace(/\p{M}/gu, "")
    .normalize("NFKC");
}

const RESERVED_WORDS = new Set([
  "admin",
  "admins",
  "administrator",
  "administrators",
  "sysadmin",
  "moderator",
  "moderators",
  "mod",
  "root",
  "system",
]);
// Chinese has no spaces between words, so these count wherever they appear.
const RESERVED_CJK = ["管理员", "管理員", "系统", "系統", "版主", "客服"];

/**
 * Names that would pass for the service's own staff. "Admin", "Аdmin" (Cyrillic А), "A D M I N",
 * "Team Admin", "管理员" are reserved; "Badminton" and "Adam" are not.
 */
export function isReservedName(name: string): boolean {
  const skeleton = nameSkeleton(name);
  if (RESERVED_CJK.some((word) => skeleton.includes(word))) return true;
  const words = skeleton.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  // Letters spread out with spaces or dots ("a.d.m.i.n") are one word to the eye.
  const joined = words.join("");
  return words.some((w) => RESERVED_WORDS.has(w)) || RESERVED_WORDS.has(joined);
}
