// postinstall: guards postgres.js 3.4.9 against an upstream crash (porsager/postgres#1154, #1208).
// A small write is flushed on setImmediate; if the connection closes first, the flush runs with
// socket === null and throws an uncatchable TypeError that kills the process, and the teardown
// leaves a stale timer that stops the connection from ever flushing again. We found it with the
// PostgreSQL-restart fault test. Remove this script once a fixed release is pinned.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const MARKER = "/* recall: guarded nextWrite */";
const require = createRequire(import.meta.url);
let root;
try {
  // The package's exports hide package.json; walk up from its entry point instead.
  root = path.dirname(require.resolve("postgres"));
  while (!existsSync(path.join(root, "package.json")) || JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).name !== "postgres") {
    root = path.dirname(root);
  }
} catch {
  process.exit(0); // not installed: nothing to patch
}
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
if (version !== "3.4.9") {
  console.warn(`patch-postgres: postgres ${version} is not 3.4.9; check whether the nextWrite guard is still needed.`);
  process.exit(0);
}

for (const file of ["src/connection.js", "cjs/src/connection.js"]) {
  const full = path.join(root, file);
  let source = readFileSync(full, "utf8");
  if (source.includes(MARKER)) continue;
  const replacements = [
    ["  function nextWrite(fn) {\n", `  function nextWrite(fn) {\n    ${MARKER}\n    if (!socket) return (chunk = nextWriteTimer = null, false)\n`],
    ["    clearImmediate(nextWriteTimer)\n    if (socket) {", "    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n    if (socket) {"],
    ["    incomings = null\n    clearImmediate(nextWriteTimer)\n", "    incomings = null\n    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null\n"],
  ];
  for (const [from, to] of replacements) {
    if (!source.includes(from)) throw new Error(`patch-postgres: expected code not found in ${file}; the patch needs updating.`);
    source = source.replace(from, to);
  }
  writeFileSync(full, source);
}
console.log("patch-postgres: guarded postgres.js nextWrite against closed sockets");
