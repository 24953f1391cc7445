import { describe, expect, it } from "vitest";
import { parseCsv } from "~/test/csv";
import { CSV_BOM, csvCell, csvRow } from "./csv";

describe("csvCell", () => {
  it("leaves plain text, numbers and Chinese alone", () => {
    expect(csvCell("hello")).toBe("hello");
    expect(csvCell("撤回了一条消息")).toBe("撤回了一条消息");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(true)).toBe("true");
    expect(csvCell("")).toBe("");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });

  it("quotes commas, quotes, CR and LF (RFC 4180), doubling inner quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line1\nline2")).toBe('"line1\nline2"');
    expect(csvCell("line1\r\nline2")).toBe('"line1\r\nline2"');
    expect(csvCell("only\rcr")).toBe('"only\rcr"');
  });

  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
  ])("neutralises a formula: %j", (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it("a leading CR is both neutralised and quoted", () => {
    expect(csvCell("\r=1")).toBe('"\'\r=1"');
  });

  it("a formula character matters at the start and right after a separator", () => {
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell(" =1")).toBe(" =1");
    expect(csvCell("x; =1")).toBe('"x; =1"');
    expect(csvCell("x;=1+1;y")).toBe(`"x;'=1+1;y"`);
    expect(csvCell("a,-2")).toBe(`"a,'-2"`);
  });

  it("quotes semicolons like commas", () => {
    expect(csvCell("a;b")).toBe('"a;b"');
  });

  it("dates are ISO 8601 UTC and objects are JSON", () => {
    expect(csvCell(new Date("2025-01-02T03:04:05.006Z"))).toBe("2025-01-02T03:04:05.006Z");
    expect(csvCell({ a: 1, b: "x,y" })).toBe('"{""a"":1,""b"":""x,y""}"');
    expect(csvCell(["=1"])).toBe('"[""=1""]"');
  });
});

describe("csvRow", () => {
  it("a spreadsheet splitting on `;` finds no cell that starts a formula", () => {
    const hostile = [
      "x;=1+1;y",
      "a;=2+2;b",
      "=1",
      "p;+1",
      "q;-1",
      "r;@SUM(A1)",
      "s,=3",
      "t;\t=4",
      'u";=5',
      { why: "v;=6" },
    ];
    const text = csvRow(["2025-01-01T00:00:00.000Z", ...hostile]);
    const cells = parseCsv(text, ";").flat();
    expect(cells.length).toBeGreaterThan(hostile.length);
    for (const cell of cells) expect(cell, JSON.stringify(cells)).not.toMatch(/^[=+\-@\t\r]/);
    // Read with the right separator, every value comes back whole.
    expect(parseCsv(text)[0]!.slice(1, 3)).toEqual(["x;'=1+1;y", "a;'=2+2;b"]);
  });

  it("joins cells with commas and ends with CRLF", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });

  it("round-trips hostile content through an RFC 4180 reader", () => {
    const cells = ["=cmd|' /C calc'!A0", "a,b", 'q"uote', "multi\r\nline", "中文，逗号", "-5", "plain"];
    const text = CSV_BOM + csvRow(["h1", "h2", "h3", "h4", "h5", "h6", "h7"]) + csvRow(cells);
    expect(text.startsWith("\uFEFF")).toBe(true);
    const [header, row] = parseCsv(text.slice(1));
    expect(header).toEqual(["h1", "h2", "h3", "h4", "h5", "h6", "h7"]);
    expect(row).toEqual(["'=cmd|' /C calc'!A0", "a,b", 'q"uote', "multi\r\nline", "中文，逗号", "'-5", "plain"]);
  });
});
