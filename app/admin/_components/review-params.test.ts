import { describe, expect, it } from "vitest";
import {
  fromLocalInput,
  localDayRange,
  reviewFilterFromParams,
  reviewFilterToParams,
  reviewHref,
  toLocalInput,
} from "./review-params";

const id = "3f2a8c1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";

describe("review list URL params", () => {
  it("round-trip every filter", () => {
    const filter = {
      conversationId: id,
      senderId: id,
      revokerId: id,
      actorKind: "group_moderator" as const,
      reason: "spam, again",
      from: new Date("2025-01-01T00:00:00.000Z"),
      to: new Date("2025-01-02T00:00:00.000Z"),
      state: "restored" as const,
      reviewed: false,
      sort: "sentAt" as const,
      dir: "asc" as const,
    };
    expect(reviewFilterFromParams(new URLSearchParams(reviewFilterToParams(filter).toString()))).toEqual(filter);
  });

  it("drops malformed values instead of failing", () => {
    const f = reviewFilterFromParams(
      new URLSearchParams(
        "conversation=nope&kind=boss&from=yesterday&state=gone&reviewed=maybe&sort=x&dir=up&reason=%20%20",
      ),
    );
    expect(Object.values(f).filter((v) => v !== undefined)).toEqual([]);
  });

  it("defaults are left out of the URL", () => {
    expect(reviewHref({})).toBe("/admin/recalled");
    expect(reviewHref({ sort: "recalledAt", dir: "desc", reason: "  " })).toBe("/admin/recalled");
    expect(reviewHref({ state: "retained" })).toBe("/admin/recalled?state=retained");
  });
});

describe("local time helpers", () => {
  it("a day spans its first to its last millisecond, locally", () => {
    const { from, to } = localDayRange("2025-03-04");
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours()]).toEqual([2025, 2, 4, 0]);
    expect(to.getTime() - from.getTime()).toBeGreaterThanOrEqual(23 * 3600_000 - 1);
    expect(to.getDate()).toBe(4);
    expect(to.getMilliseconds()).toBe(999);
  });

  it("datetime-local values round-trip, and an end bound includes its whole minute", () => {
    const d = new Date(2025, 0, 2, 3, 4);
    expect(toLocalInput(d)).toBe("2025-01-02T03:04");
    expect(fromLocalInput("2025-01-02T03:04")).toEqual(d);
    expect(fromLocalInput("2025-01-02T03:04", true)!.getTime()).toBe(d.getTime() + 59_999);
    expect(fromLocalInput("")).toBeUndefined();
    expect(toLocalInput(undefined)).toBe("");
  });
});
