import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      "next-env.d.ts",
      "db/migrations/**",
      "playwright-report/**",
      "test-results/**",
      "bench/results/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Hooks rules only where React runs (Playwright fixtures also call a function named `use`).
    files: ["app/**/*.tsx", "app/**/*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ["**/*.tsx", "**/*.ts"],
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-empty": ["error", { allowEmptyCatch: false }],
    },
  },
  // The house (STYLE.md), enforced rather than stated. app/ reads data through procedures and
  // server modules, never from the schema directly (types are fine); db/ is the bottom layer; the
  // embedded realtime server is a separate process that shares no app or procedure code.
  {
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/db", "~/db/*", "**/db/*"],
              allowTypeImports: true,
              message: "app/ may import only types from db/: read data through a procedure or a server/ module.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["db/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/server", "~/server/*", "~/app", "~/app/*", "**/server/*", "**/app/*"],
              message: "db/ is the bottom layer: it may not import server/ or app/.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["server/realtime/pusher-server/**/*.ts"],
    ignores: ["server/realtime/pusher-server/**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "~/app",
                "~/app/*",
                "~/db",
                "~/db/*",
                "~/server/routers",
                "~/server/routers/*",
                "~/server/recall/*",
                "next",
                "next/*",
              ],
              message: "The embedded realtime server runs on its own: no app, database or procedure code.",
            },
          ],
        },
      ],
    },
  },
  {
    // Server code logs through server/observability/logger (JSON lines with a request id), never console.
    files: ["server/**/*.ts"],
    ignores: ["server/**/*.test.ts"],
    rules: { "no-console": "error" },
  },
  {
    files: ["**/*.mjs", "**/*.cjs", "**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
