import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

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
