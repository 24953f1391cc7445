import { describe, expect, it } from "vitest";
import { downloadName, MAX_FILE_NAME_LENGTH, safeFileName } from "./file-name";
import { TYPES } from "./sniff";

describe("safeFileName", () => {
  it.each([
    ["photo.jpg", "photo.jpg"],
    ["../../etc/passwd", "passwd"],
    ["..\\..\\Windows\\System32\\cmd.exe", "cmd.exe"],
    ["/absolute/path/report.pdf", "report.pdf"],
    ["C:\\Users\\ann\\notes.txt", "notes.txt"],
    ["..", "file"],
    ["", "file"],
    ["   ", "file"],
    [".bashrc", "bashrc"],
    ["name.txt. . ", "name.txt"],
    ["a\u0000b\u0007c\u001b[31m.txt", "abc[31m.txt"],
    ["tab\tand\nnewline.txt", "tab and newline.txt"],
    ["invoice\u202Egpj.exe", "invoicegpj.exe"],
    ["zero\u200Bwidth.png", "zerowidth.png"],
    ['what?<a>:"b"|*.txt', "what__a___b___.txt"],
    ["CON.txt", "_CON.txt"],
    ["nul", "_nul"],
    ["console.txt", "console.txt"],
    ["Cafe\u0301.txt", "Café.txt"],
  ])("%j → %j", (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it("limits the length and keeps the extension", () => {
    const long = `${"a".repeat(300)}.pdf`;
    const safe = safeFileName(long);
    expect([...safe]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(safe.endsWith("a.pdf")).toBe(true);
  });

  it("never cuts a character in half", () => {
    const safe = safeFileName("😀".repeat(200));
    expect([...safe]).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(safe).toBe("😀".repeat(MAX_FILE_NAME_LENGTH));
  });
});

describe("downloadName", () => {
  it.each([
    ["holiday.jpg", TYPES.jpeg, "holiday.jpg"],
    ["holiday.JPEG", TYPES.jpeg, "holiday.JPEG"],
    ["holiday.png", TYPES.jpeg, "holiday.png.jpg"],
    ["run.bat", TYPES.text, "run.bat.txt"],
    ["notes.md", TYPES.text, "notes.md"],
    ["data.csv", TYPES.text, "data.csv"],
    ["report", TYPES.pdf, "report.pdf"],
    ["../../evil.exe", TYPES.gif, "evil.exe.gif"],
  ])("%j as %o → %j", (name, type, expected) => {
    expect(downloadName(name, type)).toBe(expected);
  });

  it("keeps the appended extension when the name is at the length limit", () => {
    const name = downloadName(`${"b".repeat(200)}.exe`, TYPES.text);
    expect(name.endsWith(".txt")).toBe(true);
    expect([...name]).toHaveLength(MAX_FILE_NAME_LENGTH);
  });
});
