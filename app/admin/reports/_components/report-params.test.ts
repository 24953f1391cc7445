import { describe, expect, it } from "vitest";
import { reportFilterFromParams, reportFilterToParams } from "./report-params";

const read = (query: string) => reportFilterFromParams(new URLSearchParams(query));

describe("the reports queue's filters in the URL", () => {
  it("shows open reports of every category by default, and writes nothing for it", () => {
    expect(read("")).toEqual({ status: undefined, category: undefined });
    expect(read("status=open")).toEqual({ status: undefined, category: undefined });
    expect(reportFilterToParams({}).toString()).toBe("");
  });

  it("round-trips a status and a category", () => {
    for (const query of ["status=resolved", "status=all&category=personal_data", "category=spam"]) {
      expect(reportFilterToParams(read(query)).toString()).toBe(query);
    }
  });

  it("drops unknown values rather than failing the page", () => {
    expect(read("status=closed&category=rude")).toEqual({ status: undefined, category: undefined });
  });
});
