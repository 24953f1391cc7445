import { round } from "./stats";

// How the report and the goal list print a measured value: rounded, with its unit, "–" when missing.

export function ms(v: number | null | undefined): string {
  const r = round(v);
  return r === null ? "–" : `${r} ms`;
}

export function x(v: number | null | undefined): string {
  const r = round(v);
  return r === null ? "–" : `${r}×`;
}

export function num(v: number | null | undefined, unit = ""): string {
  const r = round(v);
  return r === null ? "–" : `${r}${unit}`;
}
