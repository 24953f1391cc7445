import { handleAdminFetch } from "~/server/attachments/routes";

export const dynamic = "force-dynamic";

/** A system admin's fetch of an attachment (the vault included); every fetch is audited. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string; variant: string }> }) {
  return handleAdminFetch(await ctx.params);
}
