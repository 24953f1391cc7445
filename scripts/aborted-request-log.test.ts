import { describe, expect, it } from "vitest";
import { ABORTED_LABEL, AbortedRequestLog } from "./aborted-request-log";

const run = (lines: string[]) => {
  const log = new AbortedRequestLog();
  return [...lines.flatMap((l) => log.push(l)), ...log.flush()];
};
const aborted = ["⨯ Error: aborted", "    at ignore-listed frames {", "  code: 'ECONNRESET'", "}"];

describe("AbortedRequestLog", () => {
  it("turns Next's four-line aborted-request error into one labelled line", () => {
    expect(run(["ready", ...aborted, ...aborted, "next line"])).toEqual([
      "ready",
      ABORTED_LABEL,
      ABORTED_LABEL,
      "next line",
    ]);
  });

  it("passes a real error through unchanged, even one that starts like the aborted block", () => {
    const real = ["⨯ Error: aborted", "    at readBody (server/routers/message.ts:10:5)", "  code: 'ECONNRESET'", "}"];
    expect(run(real)).toEqual(real);
    const other = [
      "⨯ Error: connect ECONNREFUSED 127.0.0.1:5432",
      "    at ignore-listed frames {",
      "  code: 'ECONNREFUSED'",
      "}",
    ];
    expect(run(other)).toEqual(other);
  });

  it("a block cut short by another aborted block keeps the partial lines and labels the complete one", () => {
    expect(run([aborted[0]!, aborted[1]!, ...aborted])).toEqual([aborted[0], aborted[1], ABORTED_LABEL]);
  });

  it("recognises the block when the server colours it", () => {
    const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
    expect(run([red(aborted[0]!), ...aborted.slice(1)])).toEqual([ABORTED_LABEL]);
  });

  it("prints an unfinished block at the end of the output", () => {
    expect(run(aborted.slice(0, 3))).toEqual(aborted.slice(0, 3));
  });
});
