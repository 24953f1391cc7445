import { describe, expect, it } from "vitest";
import { lastAdminRefusal, weakPasswordReason } from "./user-rules";

describe("lastAdminRefusal", () => {
  it("refuses to demote or disable the only active admin", () => {
    expect(lastAdminRefusal(["a"], "a", { kind: "demote" })).toMatch(/last active system admin.*demoting/);
    expect(lastAdminRefusal(["a"], "a", { kind: "disable" })).toMatch(/last active system admin.*disabling/);
  });
  it("allows it when another active admin remains", () => {
    expect(lastAdminRefusal(["a", "b"], "a", { kind: "demote" })).toBeNull();
    expect(lastAdminRefusal(["a", "b"], "b", { kind: "disable" })).toBeNull();
  });
  it("does not concern accounts that are not active admins", () => {
    expect(lastAdminRefusal(["a"], "u", { kind: "disable" })).toBeNull();
    expect(lastAdminRefusal([], "u", { kind: "demote" })).toBeNull();
  });
});

describe("weakPasswordReason", () => {
  const email = "operator@example.com";
  it.each([
    ["short", /at least 12/],
    ["x".repeat(201), /at most 200/],
    ["aaaaaaaaaaaaaaa", /repeats too few/],
    ["abababababab", /repeats too few/],
    ["my-operator-pass-2026", /email address/],
  ])("refuses %j", (password, reason) => {
    expect(weakPasswordReason(password, email)).toMatch(reason);
  });
  it("refuses common passwords regardless of case", () => {
    expect(weakPasswordReason("Administrator", email)).toMatch(/common passwords/);
    expect(weakPasswordReason("PASSWORD1234", email)).toMatch(/common passwords/);
  });
  it("accepts a long, varied password", () => {
    expect(weakPasswordReason("correct horse battery staple", email)).toBeNull();
  });
});
