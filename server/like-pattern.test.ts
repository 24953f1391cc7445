import { describe, expect, it } from "vitest";
import { likeContains, likePrefix } from "./like-pattern";

describe("LIKE patterns", () => {
  it("escape the wildcards and the escape character", () => {
    expect(likeContains("100% _done_ \\")).toBe("%100\\% \\_done\\_ \\\\%");
    expect(likePrefix("a_b")).toBe("a\\_b%");
    expect(likeContains("撤回")).toBe("%撤回%");
  });
});
