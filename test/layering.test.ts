import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { isClientModule, serverOnlyChain, type SourceTree } from "./client-graph";

/** The layering rules of eslint.config.mjs, fed files that break them (and ones that do not). */
const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").map((m) => m.message);
}

describe("the house is enforced by lint", () => {
  it("app/ may not import a value from db/, only types", async () => {
    expect(
      await restrictedImports("app/example.ts", `import { users } from "~/db/schema";\nexport const t = users;\n`),
    ).toEqual([expect.stringContaining("app/ may import only types from db/")]);
    expect(
      await restrictedImports(
        "app/example.ts",
        `import { type UserRole } from "~/db/schema";\nexport type R = UserRole;\n`,
      ),
    ).toEqual([]);
  });

  it("db/ may not import server/ or app/", async () => {
    expect(
      await restrictedImports(
        "db/example.ts",
        `import { appRouter } from "~/server/root";\nexport const r = appRouter;\n`,
      ),
    ).toEqual([expect.stringContaining("db/ is the bottom layer")]);
  });

  it("the embedded realtime server may not import the database or procedures", async () => {
    expect(
      await restrictedImports(
        "server/realtime/pusher-server/example.ts",
        `import { messages } from "~/db/schema";\nexport const m = messages;\n`,
      ),
    ).toEqual([expect.stringContaining("runs on its own")]);
    expect(
      await restrictedImports(
        "server/realtime/pusher-server/example.ts",
        `import { getConfig } from "~/server/env";\nexport const c = getConfig;\n`,
      ),
    ).toEqual([]);
  });
});

describe("no browser bundle reaches the database or the server's configuration", () => {
  const disk: SourceTree = {
    read: (file) => (existsSync(file) && statSync(file).isFile() ? readFileSync(file, "utf8") : null),
  };
  const appFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? appFiles(`${dir}/${e.name}`) : /\.tsx?$/.test(e.name) ? [`${dir}/${e.name}`] : [],
    );

  it("every client module of app/, followed through its value imports, stays clear of them", () => {
    const clients = appFiles("app").filter((f) => isClientModule(disk.read(f)!));
    expect(clients.length).toBeGreaterThan(50);
    const reached = clients.map((f) => serverOnlyChain(disk, f)).filter((chain) => chain !== null);
    expect(reached).toEqual([]);
  });

  it("finds a chain through a helper, and ignores type-only imports", () => {
    const files: Record<string, string> = {
      "app/widget.tsx": `"use client";\nimport { load } from "./helper";\nimport { type Db } from "~/db/client";\n`,
      "app/helper.ts": `import { isUuid } from "~/server/ids";\nexport { getDb } from "~/server/db-handle";\n`,
      "app/typed.tsx": `"use client";\nimport type { Db } from "~/db/client";\nimport { type Env } from "~/server/env";\n`,
      "app/logs.tsx": `"use client";\nimport pino from "pino";\n`,
      "server/ids.ts": `export const isUuid = () => true;\n`,
      "server/db-handle.ts": `import "server-only";\n`,
    };
    const tree: SourceTree = { read: (file) => files[file] ?? null };
    expect(isClientModule(files["app/widget.tsx"]!)).toBe(true);
    expect(isClientModule(files["app/helper.ts"]!)).toBe(false);
    expect(serverOnlyChain(tree, "app/widget.tsx")).toEqual(["app/widget.tsx", "app/helper.ts", "server/db-handle.ts"]);
    expect(serverOnlyChain(tree, "app/typed.tsx")).toBeNull();
    expect(serverOnlyChain(tree, "app/logs.tsx")).toEqual(["app/logs.tsx", "pino"]);
  });
});
