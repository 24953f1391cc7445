import { handleUpload } from "~/server/attachments/routes";

export const dynamic = "force-dynamic";

/** Upload one file for a conversation (see server/attachments/upload.ts). */
export const POST = (req: Request) => handleUpload(req);
