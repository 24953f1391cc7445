import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A throwaway PostgreSQL cluster of the machine's own binaries, on its own port, so fault tests
 * can stop and start it without touching the server other tests use. Needs root (to run the
 * server as the `postgres` user) or a non-root user who may run postgres directly.
 */
/**
 * Folders that may hold initdb and pg_ctl, best first: what `pg_config --bindir` says (the
 * installation the machine's tools agree on), then PATH, then Debian's versioned folders, newest
 * version first (Debian puts neither initdb nor pg_ctl on PATH).
 */
export function binDirCandidates(pgConfigBindir: string | null, pathEnv: string, debianVersions: string[]): string[] {
  const debian = [...debianVersions].filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  const dirs = [
    pgConfigBindir ?? "",
    ...pathEnv.split(path.delimiter),
    ...debian.map((v) => path.join(DEBIAN_BASE, v, "bin")),
  ];
  return [...new Set(dirs.filter((d) => d !== ""))];
}

const DEBIAN_BASE = "/usr/lib/postgresql";

export function postgresBinaries(): string | null {
  const dirs = binDirCandidates(
    pgConfigBindir(),
    process.env.PATH ?? "",
    existsSync(DEBIAN_BASE) ? readdirSync(DEBIAN_BASE) : [],
  );
  return dirs.find((d) => existsSync(path.join(d, "initdb")) && existsSync(path.join(d, "pg_ctl"))) ?? null;
}

function pgConfigBindir(): string | null {
  try {
    return (
      execFileSync("pg_config", ["--bindir"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || null
    );
  } catch {
    // No pg_config (client packages not installed): PATH and the Debian folders are still searched.
    return null;
  }
}

export class PrivatePostgres {
  readonly dir: string;
  readonly url: string;
  private readonly asRoot = process.getuid?.() === 0;

  constructor(
    private readonly bin: string,
    readonly port: number,
  ) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), "recall-pg-"));
    chmodSync(this.dir, 0o777);
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  private run(cmd: string, args: string[]) {
    const full = [path.join(this.bin, cmd), ...args];
    if (this.asRoot) {
      execFileSync("su", ["postgres", "-c", full.map((a) => `'${a}'`).join(" ")], { stdio: "pipe" });
    } else {
      execFileSync(full[0]!, full.slice(1), { stdio: "pipe" });
    }
  }

  init() {
    this.run("initdb", ["-D", `${this.dir}/data`, "-A", "trust", "-U", "postgres", "--no-sync"]);
  }

  start() {
    this.run("pg_ctl", [
      "-D",
      `${this.dir}/data`,
      "-l",
      `${this.dir}/log`,
      "-o",
      `-p ${this.port} -k ${this.dir} -c fsync=off`,
      "-w",
      "start",
    ]);
  }

  stop() {
    this.run("pg_ctl", ["-D", `${this.dir}/data`, "-m", "fast", "-w", "stop"]);
  }

  destroy() {
    try {
      this.stop();
    } catch {
      // Already stopped: nothing to do but remove the files.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
