import { describe, expect, it } from "vitest";
import { runsHere } from "../require-in-ci";
import { binDirCandidates } from "./private-postgres";

describe("binDirCandidates", () => {
  it("puts pg_config's answer first, then PATH in order, then Debian folders newest first", () => {
    expect(binDirCandidates("/opt/pg/bin", "/usr/local/bin:/usr/bin", ["13", "16", "9"])).toEqual([
      "/opt/pg/bin",
      "/usr/local/bin",
      "/usr/bin",
      "/usr/lib/postgresql/16/bin",
      "/usr/lib/postgresql/13/bin",
      "/usr/lib/postgresql/9/bin",
    ]);
  });

  it("works without pg_config, drops empty PATH entries, duplicates and non-version folders", () => {
    expect(binDirCandidates(null, "::/usr/lib/postgresql/15/bin:", ["15", "README"])).toEqual([
      "/usr/lib/postgresql/15/bin",
    ]);
  });
});

describe("runsHere", () => {
  it("runs when the prerequisite is there, CI or not", () => {
    expect(runsHere(true, "x", {})).toBe(true);
    expect(runsHere(true, "x", { CI: "1" })).toBe(true);
  });

  it("skips locally when it is missing", () => {
    expect(runsHere(false, "initdb was not found.", {})).toBe(false);
  });

  it("fails under CI when it is missing, naming what is missing", () => {
    expect(() => runsHere(false, "initdb was not found.", { CI: "1" })).toThrow(
      "initdb was not found. Under CI this test must run rather than be skipped.",
    );
  });
});
