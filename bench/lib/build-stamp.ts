/**
 * Which sources a `.next` build came from. `next build` records nothing a benchmark could check,
 * so a run with `--no-build` could measure yesterday's app and label it with today's commit. The
 * bench writes a stamp after building and refuses to reuse a build whose sources differ.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface BuildStamp {
  /** HEAD when the build ran ("" outside a git checkout). */
  commit: string;
  /** Whether the build inputs had uncommitted changes then. */
  dirty: boolean;
  /** sha256 over every build input's path and bytes. */
  fingerprint: string;
  built_at: string;
  /** `.next/BUILD_ID` of the stamped build: another `next build` since then replaces it. */
  build_id: string;
}

const STAMP = ".next/recall-build.json";

/** Files that go into the app's build: its code, configuration and locked dependencies, not tests. */
export function isBuildInput(file: string): boolean {
  if (/\.(int\.)?test\.tsx?$/.test(file)) return false;
  if (/^(app|server|db|types|public|patches)\//.test(file)) return true;
  return [
    "next.config.mjs",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    "postcss.config.mjs",
    "proxy.ts",
    "instrumentation.ts",
  ].includes(file);
}

/** Order-independent: the same files with the same bytes give the same fingerprint. */
export function fingerprint(files: { path: string; content: Buffer | string }[]): string {
  const hash = createHash("sha256");
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${f.path}\0${createHash("sha256").update(f.content).digest("hex")}\n`);
  }
  return hash.digest("hex");
}

/** Why a stamped build may not stand for the current sources, or null when it may. */
export function reuseRefusal(stamp: BuildStamp | null, current: string, buildId: string | null): string | null {
  if (!stamp) return "the .next build carries no stamp (built by hand or by an older bench)";
  if (stamp.build_id !== buildId)
    return "the .next build was replaced by another `next build` since the bench stamped it";
  if (stamp.fingerprint !== current)
    return `the .next build is from commit ${stamp.commit.slice(0, 12) || "?"}${stamp.dirty ? " with uncommitted changes" : ""} (${stamp.built_at}), and the sources have changed since`;
  return null;
}

/** A git command's output, or "" outside a checkout. */
export function git(args: string[]): string {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

/** The build inputs of the working tree as they are now (tracked and untracked, not ignored). */
export function currentSources(): { fingerprint: string; commit: string; dirty: boolean } {
  const files = git(["ls-files", "--cached", "--others", "--exclude-standard"])
    .split("\n")
    .filter((f) => f && isBuildInput(f));
  const readable = files.flatMap((f) => {
    try {
      return [{ path: f, content: readFileSync(path.resolve(f)) }];
    } catch {
      return []; // deleted in the working tree but still in the index: not an input any more
    }
  });
  const dirty = git(["status", "--porcelain", "--", ...new Set(files.map((f) => f.split("/")[0]!))]).length > 0;
  return { fingerprint: fingerprint(readable), commit: git(["rev-parse", "HEAD"]), dirty };
}

/** The id `next build` gives each build, or null when there is no build. */
export function currentBuildId(): string | null {
  try {
    return readFileSync(path.resolve(".next/BUILD_ID"), "utf8").trim();
  } catch {
    return null;
  }
}

export function writeStamp(sources: ReturnType<typeof currentSources>, builtAt: Date): BuildStamp {
  const stamp: BuildStamp = { ...sources, built_at: builtAt.toISOString(), build_id: currentBuildId() ?? "" };
  writeFileSync(path.resolve(STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
  return stamp;
}

export function readStamp(): BuildStamp | null {
  try {
    return JSON.parse(readFileSync(path.resolve(STAMP), "utf8")) as BuildStamp;
  } catch {
    return null;
  }
}
