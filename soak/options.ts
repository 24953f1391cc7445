// The soak's command line (see run.ts) and the fixed shape of a run.

const argv = process.argv.slice(2);
function numberOption(name: string, fallback: number, min: number, max: number): number {
  const i = argv.indexOf(name);
  const inline = argv.find((a) => a.startsWith(`${name}=`));
  const raw = inline ? inline.slice(name.length + 1) : i >= 0 ? argv[i + 1] : undefined;
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`${name} must be a whole number in ${min}–${max}`);
    process.exit(2);
  }
  return n;
}
if (argv.includes("--help")) {
  console.log(
    "usage: npm run soak [-- --devices N (2–200, default 50)] [--seconds S (5–150, default 60)] [--no-build] [--stress] [--check-oracle]",
  );
  process.exit(0);
}
export const DEVICES = numberOption("--devices", 50, 2, 200);
export const SECONDS = numberOption("--seconds", 60, 5, 150);
export const build = !argv.includes("--no-build");
export const STRESS = argv.includes("--stress");
export const CHECK_ORACLE = argv.includes("--check-oracle");
{
  const known = new Set(["--devices", "--seconds", "--no-build", "--stress", "--check-oracle"]);
  const unknown = argv.filter(
    (a, i) => !known.has(a.split("=")[0]!) && !(i > 0 && ["--devices", "--seconds"].includes(argv[i - 1]!)),
  );
  if (unknown.length) {
    console.error(`unknown option: ${unknown.join(" ")}; see --help`);
    process.exit(2);
  }
}

export const ports = {
  a: Number(process.env.SOAK_APP_PORT ?? 3300),
  b: Number(process.env.SOAK_APP2_PORT ?? 3301),
  realtime: Number(process.env.SOAK_REALTIME_PORT ?? 6301),
};
/** Hard cap on the whole run (build included). */
export const TOTAL_BUDGET_MS = 5 * 60_000;
export const GROUPS = 4;
export const USERS = 12;
export const MEMBERS_PER_GROUP = 6;
export const WORKERS = 6;
export const RECALL_WINDOW_MS = 100_000; // the app's window is 120 s; stay safely inside it
export const CONVERGE_MS = 20_000;
