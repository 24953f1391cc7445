import { type AttachmentView, FILE_NAME_HEADER, uploadUrl } from "~/server/attachments/view";
import { parseUploaded, type UploadFailure, uploadFailure } from "./uploads";

export type UploadResult =
  { ok: true; attachment: AttachmentView } | { ok: false; failure: UploadFailure } | { ok: false; aborted: true };

/**
 * Uploads one file to a conversation: the raw bytes as the body, its type as the browser names it,
 * its name URI-encoded (headers are Latin-1). XMLHttpRequest rather than fetch: fetch reports no
 * upload progress. `abort` ends it; the result then says aborted (never a failure to show).
 */
export function uploadFile(
  conversationId: string,
  file: File,
  onProgress: (fraction: number) => void,
): { result: Promise<UploadResult>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const result = new Promise<UploadResult>((resolve) => {
    xhr.open("POST", uploadUrl(conversationId));
    // An empty type (unknown extension) still goes: the server sniffs the bytes and explains a refusal.
    xhr.setRequestHeader("Content-Type", file.type || "application/octet-stream");
    xhr.setRequestHeader(FILE_NAME_HEADER, encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 201) {
        const attachment = parseUploaded(xhr.responseText);
        if (attachment) resolve({ ok: true, attachment });
        else resolve({ ok: false, failure: { code: "UNKNOWN", message: null, retryAfter: null } });
        return;
      }
      resolve({
        ok: false,
        failure: uploadFailure(xhr.status, xhr.responseText, xhr.getResponseHeader("Retry-After")),
      });
    };
    xhr.onerror = () => resolve({ ok: false, failure: uploadFailure(0, "", null) });
    xhr.onabort = () => resolve({ ok: false, aborted: true });
    xhr.send(file);
  });
  return { result, abort: () => xhr.abort() };
}
