/**
 * Message text split into plain text and web links, for rendering safe <a> elements. Pure: the
 * server fetches nothing (no previews), and the browser only gets an href this function built
 * from a parsed http(s) URL.
 *
 * What becomes a link, and why:
 * - only `http://` and `https://` with a host; `javascript:`, `data:`, `file:` and every other
 *   scheme stay text, so a link can never run script or read local files;
 * - only URL characters of RFC 3986 (ASCII): a link stops at a space, a quote, `<`, `>` or any
 *   non-ASCII character. Chinese text without spaces ("看https://a.cn吧") ends the link where the
 *   Chinese begins, and look-alike hosts or bidi control characters never hide inside one;
 * - no user:password part (`https://bank.com@evil.example` shows one host and opens another);
 * - trailing sentence punctuation and unbalanced closing brackets are not part of the link
 *   ("see https://a.example/x).").
 */
export type TextPart = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

// One character class repeated: linear time whatever the input (no nested quantifiers).
// The host must follow "//" at once: "http:///x" would open http://x/ while reading otherwise.
const CANDIDATE = /\bhttps?:\/\/[A-Za-z0-9[][A-Za-z0-9\-._~:/?#[\]@!$&()*+,;=%]*/gi;
const TRAILING = new Set([".", ",", ";", ":", "!", "?", "*"]);
const PAIRS: Record<string, string> = { ")": "(", "]": "[" };

export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let plainFrom = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const candidate = trimTrailing(match[0]);
    const href = safeHref(candidate);
    if (!href) continue;
    if (start > plainFrom) parts.push({ kind: "text", text: text.slice(plainFrom, start) });
    parts.push({ kind: "link", text: candidate, href });
    plainFrom = start + candidate.length;
  }
  if (plainFrom < text.length) parts.push({ kind: "text", text: text.slice(plainFrom) });
  return parts;
}

/** The href to use for a candidate, or null when it must stay text. */
export function safeHref(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (!url.hostname || url.username || url.password) return null;
  return url.href;
}

function trimTrailing(s: string): string {
  // Bracket counts over the whole candidate, updated as characters are cut (linear time).
  const tally = new Map<string, number>();
  for (const c of s) if (c === "(" || c === ")" || c === "[" || c === "]") tally.set(c, (tally.get(c) ?? 0) + 1);
  let end = s.length;
  while (end > 0) {
    const c = s[end - 1]!;
    const open = PAIRS[c];
    const unbalanced = open !== undefined && (tally.get(open) ?? 0) < (tally.get(c) ?? 0);
    if (!TRAILING.has(c) && !unbalanced) break;
    if (open) tally.set(c, tally.get(c)! - 1);
    end--;
  }
  return s.slice(0, end);
}
