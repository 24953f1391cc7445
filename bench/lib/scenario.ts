import { type AppHandle } from "./app";
import { type Sql } from "./pg";

/** What bench/run.ts hands each scenario that drives the running app (recall e2e, throughput, catch-up). */
export interface AppScenarioContext {
  app: AppHandle;
  sql: Sql;
  /** --quick: smaller numbers, for a smoke run. */
  quick: boolean;
  runId: string;
  log: (line: string) => void;
}
