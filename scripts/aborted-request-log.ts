/**
 * Next.js logs every request the client abandoned mid-flight (a browser closing a page while a
 * fetch is in the air, which Playwright does at the end of each test) as a four-line error:
 *
 *   ⨯ Error: aborted
 *       at ignore-listed frames {
 *     code: 'ECONNRESET'
 *   }
 *
 * In the e2e server output those read like failures. This labels exactly that block as expected,
 * on one line; anything else, including an `Error: aborted` with another shape, passes unchanged.
 */
const BLOCK = [/^\s*⨯ Error: aborted$/, /^\s*at ignore-listed frames \{$/, /^\s*code: 'ECONNRESET'$/, /^\s*\}$/];

export const ABORTED_LABEL = "(expected) a client closed a request mid-flight: Error: aborted (ECONNRESET)";

// Colour codes, in case the server colours its output.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const matches = (i: number, line: string) => BLOCK[i]!.test(line.replace(ANSI, ""));

export class AbortedRequestLog {
  private held: string[] = [];

  /** Takes one line of output; returns the lines to print now. */
  push(line: string): string[] {
    if (matches(this.held.length, line)) {
      this.held.push(line);
      if (this.held.length < BLOCK.length) return [];
      this.held = [];
      return [ABORTED_LABEL];
    }
    const out = this.flush();
    // The line that broke a partial block may itself start a new one.
    if (!matches(0, line)) return [...out, line];
    this.held.push(line);
    return out;
  }

  /** Lines held back for a block that never completed (end of output). */
  flush(): string[] {
    const out = this.held;
    this.held = [];
    return out;
  }
}
