import { handleMemberFetch } from "~/server/attachments/routes";

export const dynamic = "force-dynamic";

/** A member's fetch of an attachment: membership and recall state checked on every request. */
export async function GET(_req: Request, ctx: { params: Promise<{ id: string; variant: string }> }) {
  return handleMemberFetch(await ctx.params);
}
