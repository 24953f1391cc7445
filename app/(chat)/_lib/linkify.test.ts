import { describe, expect, it } from "vitest";
import { linkify, safeHref, type TextPart } from "./linkify";

const links = (text: string) => linkify(text).flatMap((p) => (p.kind === "link" ? [[p.text, p.href]] : []));
const text = (t: string): TextPart => ({ kind: "text", text: t });

describe("linkify", () => {
  it("splits text around http and https links, keeping every character once", () => {
    const input = "see https://example.com/a?b=1#c and http://x.test/ too";
    const parts = linkify(input);
    expect(parts).toEqual([
      text("see "),
      { kind: "link", text: "https://example.com/a?b=1#c", href: "https://example.com/a?b=1#c" },
      text(" and "),
      { kind: "link", text: "http://x.test/", href: "http://x.test/" },
      text(" too"),
    ]);
    expect(parts.map((p) => p.text).join("")).toBe(input);
  });

  it("leaves text without links as one part, and empty text as none", () => {
    expect(linkify("no links here, just example.com")).toEqual([text("no links here, just example.com")]);
    expect(linkify("")).toEqual([]);
  });

  it("never links another scheme: javascript:, data:, file:, vbscript:, protocol-relative", () => {
    for (const hostile of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(document.cookie)",
      "javascript://example.com/%0Aalert(1)",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "file:///etc/passwd",
      "vbscript:msgbox(1)",
      "//evil.example/path",
      "ftp://files.example/x",
    ]) {
      expect(links(hostile), hostile).toEqual([]);
      expect(
        linkify(hostile)
          .map((p) => p.text)
          .join(""),
      ).toBe(hostile);
    }
  });

  it("an http URL after a hostile prefix links only the http part", () => {
    expect(links("javascript:http://evil.example/")).toEqual([["http://evil.example/", "http://evil.example/"]]);
    // Inside a word it is not a link at all.
    expect(links("xhttps://evil.example")).toEqual([]);
  });

  it("stops at quotes and angle brackets, so markup cannot ride along into the href", () => {
    expect(links(`https://a.example/"onmouseover="alert(1)`)).toEqual([["https://a.example/", "https://a.example/"]]);
    expect(links("https://a.example/'><script>alert(1)</script>")).toEqual([
      ["https://a.example/", "https://a.example/"],
    ]);
    expect(links("<https://a.example/x>")).toEqual([["https://a.example/x", "https://a.example/x"]]);
  });

  it("refuses credentials in the URL (the host people read is not the one that opens)", () => {
    expect(links("https://bank.example@evil.example/login")).toEqual([]);
    expect(links("https://user:pass@example.com/")).toEqual([]);
  });

  it("needs a host", () => {
    expect(links("https://")).toEqual([]);
    expect(links("http:///path")).toEqual([]);
  });

  it("ends at non-ASCII: Chinese around a link, look-alike and bidi characters", () => {
    expect(links("看看https://example.cn/x吧")).toEqual([["https://example.cn/x", "https://example.cn/x"]]);
    expect(links("链接：https://example.cn。")).toEqual([["https://example.cn", "https://example.cn/"]]);
    // A right-to-left override would make the shown text lie about the URL.
    expect(links("https://example.com/\u202Egnp.exe")).toEqual([["https://example.com/", "https://example.com/"]]);
    expect(links("https://exаmple.com")).toEqual([["https://ex", "https://ex/"]]);
  });

  it("leaves trailing punctuation and unbalanced brackets out, keeps balanced ones", () => {
    expect(links("Go to https://example.com.")).toEqual([["https://example.com", "https://example.com/"]]);
    expect(links("(see https://example.com/a)")).toEqual([["https://example.com/a", "https://example.com/a"]]);
    expect(links("https://en.wikipedia.org/wiki/Recall_(memory), ok?")).toEqual([
      ["https://en.wikipedia.org/wiki/Recall_(memory)", "https://en.wikipedia.org/wiki/Recall_(memory)"],
    ]);
    expect(links("really?! https://example.com/?q=1!?")).toEqual([
      ["https://example.com/?q=1", "https://example.com/?q=1"],
    ]);
    expect(links("[https://example.com/x]")).toEqual([["https://example.com/x", "https://example.com/x"]]);
  });

  it("normalises the href (case, encoding) while showing what was written", () => {
    expect(links("HTTPS://EXAMPLE.COM/A B")).toEqual([["HTTPS://EXAMPLE.COM/A", "https://example.com/A"]]);
    expect(links("https://example.com/%E6%92%A4")).toEqual([
      ["https://example.com/%E6%92%A4", "https://example.com/%E6%92%A4"],
    ]);
  });

  it("is linear on long hostile input", () => {
    const long = `https://a.example/${"(".repeat(20_000)}${")".repeat(20_000)}${".".repeat(20_000)}`;
    const started = performance.now();
    expect(linkify(long)).toHaveLength(2);
    const repeated = "http://".repeat(20_000);
    expect(
      linkify(repeated)
        .map((p) => p.text)
        .join(""),
    ).toBe(repeated);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("safeHref", () => {
  it("answers a parsed http(s) href or null", () => {
    expect(safeHref("https://example.com")).toBe("https://example.com/");
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("not a url")).toBeNull();
  });
});
