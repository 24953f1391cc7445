import { type Db } from "~/db/client";
import { currentUser } from "~/server/auth/current-user";
import { getSessionClaims } from "~/server/auth/session";
import { getDb } from "~/server/db-handle";
import { isUuid } from "~/server/ids";
import { getConfig, getEnv } from "~/server/env";
import { describeError, getLogger } from "~/server/observability/logger";
import { clientIp } from "~/server/security/client-ip";
import { getLimiter } from "~/server/security/limiter";
import { adminObject, memberObject, type ServedObject } from "./access";
import { AttachmentError, StorageUnavailableError } from "./errors";
import { errorResponse, fileNameFrom, isVariant, notFoundResponse, objectResponse, readBodyWithin } from "./http";
import { storageFromEnv } from "./storage-from-env";
import { uploadAttachment } from "./upload";
import { FILE_NAME_HEADER } from "./view";

// The route handlers' work: the caller from the session cookie and the database (never the
// token's claims alone), then upload.ts / access.ts. app/api/**/route.ts only delegate here.

async function caller() {
  const claims = await getSessionClaims();
  const db = await getDb();
  const me = claims ? await currentUser(db, { id: claims.user.id, epoch: claims.epoch }) : null;
  return { db, me };
}

function failure(error: unknown, what: string): Response {
  if (error instanceof AttachmentError) {
    if (error instanceof StorageUnavailableError)
      getLogger().error({ error: describeError(error.cause ?? error) }, `${what}: storage unavailable`);
    return errorResponse(error);
  }
  getLogger().error({ error: describeError(error) }, `${what} failed`);
  return Response.json(
    { error: { code: "INTERNAL", message: "Something went wrong; please try again." } },
    { status: 500, headers: { "Cache-Control": "no-store" } },
  );
}

/** POST /api/attachments?conversationId=…: the file's bytes as the body. */
export async function handleUpload(req: Request): Promise<Response> {
  try {
    const { db, me } = await caller();
    if (!me) throw new AttachmentError("UNAUTHORIZED", "Sign in to continue.");
    const conversationId = new URL(req.url).searchParams.get("conversationId");
    if (conversationId === null || !isUuid(conversationId))
      throw new AttachmentError("BAD_INPUT", "conversationId must be a valid id.");
    const limiter = (await getLimiter()).limiter;
    const decision = await limiter.check("upload", {
      user: me.id,
      ip: clientIp(req.headers, getEnv().TRUST_PROXY_HOPS),
    });
    if (!decision.ok)
      throw new AttachmentError("RATE_LIMITED", "You are uploading too many files; wait a moment and try again.", {
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    const config = getConfig();
    const fileName = fileNameFrom(req.headers.get(FILE_NAME_HEADER));
    const bytes = await readBodyWithin(req, config.ATTACHMENT_MAX_BYTES);
    const attachment = await uploadAttachment(
      db,
      storageFromEnv(),
      { maxBytes: config.ATTACHMENT_MAX_BYTES, dailyBytes: config.ATTACHMENT_DAILY_BYTES },
      me.id,
      { conversationId, bytes, claimedType: req.headers.get("content-type") ?? undefined, fileName },
    );
    return Response.json({ attachment }, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return failure(error, "attachment upload");
  }
}

type Lookup = (
  db: Db,
  userId: string,
  id: string,
  variant: "display" | "thumb" | "file",
) => Promise<ServedObject | null>;

async function handleFetch(params: { id: string; variant: string }, lookup: Lookup, what: string) {
  try {
    if (!isUuid(params.id) || !isVariant(params.variant)) return notFoundResponse();
    const { db, me } = await caller();
    if (!me) return notFoundResponse();
    const served = await lookup(db, me.id, params.id, params.variant);
    if (!served) return notFoundResponse();
    const object = await storageFromEnv().get(served.key);
    // The row says it exists but the store lost it: an operator's problem, logged, still a 404.
    if (!object) {
      getLogger().error({ key: served.key }, `${what}: object missing from the store`);
      return notFoundResponse();
    }
    return objectResponse(served, object);
  } catch (error) {
    return failure(error, what);
  }
}

/** GET /api/attachments/:id/:variant — members, checked on every request. */
export const handleMemberFetch = (params: { id: string; variant: string }) =>
  handleFetch(params, memberObject, "attachment fetch");

/** GET /api/admin/attachments/:id/:variant — system admins; every fetch audited. */
export const handleAdminFetch = (params: { id: string; variant: string }) =>
  handleFetch(params, adminObject, "admin attachment fetch");
