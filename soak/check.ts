import { type Sql } from "../bench/lib/pg";
import { observe, type SimDevice } from "../test/convergence/device-model";
import { compareDevice, type Divergence, expectedViews, oracleSql, type OracleRow } from "../test/convergence/oracle";

// The check: what every device holds against what the SQL oracle (test/convergence/oracle.ts,
// never the app's member view) says members see.

export async function oracleRows(sql: Sql, conversationIds: string[]): Promise<OracleRow[]> {
  return (await sql.unsafe(oracleSql(conversationIds))) as unknown as OracleRow[];
}

export async function divergences(sql: Sql, devices: SimDevice[], conversationIds: string[]): Promise<Divergence[]> {
  const rows = await oracleRows(sql, conversationIds);
  return devices.flatMap((d) => {
    const expected = expectedViews(rows, d.userId);
    return d.conversations.flatMap((id) => compareDevice(d.name, id, observe(d, id), expected.get(id) ?? new Map()));
  });
}
