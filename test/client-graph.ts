import path from "node:path";
import ts from "typescript";

/**
 * What a browser bundle may never reach: the modules that open the database or read the server's
 * configuration (its secrets), and the packages that talk to PostgreSQL or write server logs.
 * Pure modules of server/ (event payload types, id checks, the audit filter) are fine: the browser
 * imports those on purpose.
 */
export const SERVER_ONLY_FILES = ["db/client.ts", "server/db-handle.ts", "server/env.ts"];
export const SERVER_ONLY_PACKAGES = [
  "postgres",
  "@electric-sql/pglite",
  "pino",
  "next-auth",
  "drizzle-orm/postgres-js",
];

/** The specifiers a module imports or re-exports as values: type-only imports vanish from the bundle. */
export function valueImports(fileName: string, code: string): string[] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) found.push(statement.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.isTypeOnly &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      found.push(statement.moduleSpecifier.text);
    }
  }
  return found;
}

export interface SourceTree {
  /** The text of a repository-relative file, or null when there is none. */
  read(file: string): string | null;
}

/** A `~/` or relative specifier as the repository-relative file it names; null for a package. */
function resolve(tree: SourceTree, from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("~/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.posix.join(path.posix.dirname(from), specifier);
  else return null;
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  return candidates.find((c) => /\.tsx?$/.test(c) && tree.read(c) !== null) ?? null;
}

/**
 * The first chain of value imports from `entry` to a server-only module or package (entry first,
 * the forbidden module last), or null when the entry's bundle cannot reach one.
 */
export function serverOnlyChain(tree: SourceTree, entry: string): string[] | null {
  const parent = new Map<string, string | null>([[entry, null]]);
  const chainTo = (last: string, end: string) => {
    const chain = [end];
    for (let at: string | null = last; at !== null; at = parent.get(at) ?? null) chain.unshift(at);
    return chain;
  };
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const specifier of valueImports(file, tree.read(file) ?? "")) {
      if (SERVER_ONLY_PACKAGES.includes(specifier)) return chainTo(file, specifier);
      const target = resolve(tree, file, specifier);
      if (target === null || parent.has(target)) continue;
      if (SERVER_ONLY_FILES.includes(target)) return chainTo(file, target);
      parent.set(target, file);
      queue.push(target);
    }
  }
  return null;
}

/** A client module: its first statement is the "use client" directive. */
export function isClientModule(code: string): boolean {
  return /^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*["']use client["']/.test(code);
}
