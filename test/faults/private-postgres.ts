import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A throwaway PostgreSQL cluster of the machine's own binaries, on its own port, so fault tests
 * can stop and start it without touching the server other tests use. Needs root (to run the
 * server as the `postgres` user) or a non-root user who may run postgres directly.
 */
export function postgresBinaries(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const version = readdirSync(base).sort((a, b) => Number(b) - Number(a))[0];
  const bin = version ? path.join(base, version, "bin") : null;
  return bin && existsSync(path.join(bin, "initdb")) ? bin : null;
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
    this.run("pg_ctl", ["-D", `${this.dir}/data`, "-l", `${this.dir}/log`, "-o", `-p ${this.port} -k ${this.dir} -c fsync=off`, "-w", "start"]);
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
