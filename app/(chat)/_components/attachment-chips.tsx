"use client";

import { useState } from "react";
import { FileIcon } from "~/app/_components/icons";
import { useLocale, useT } from "~/app/_i18n/provider";
import { formatSize } from "../_lib/attachments";
import { type Chip, isRetryable, uploadErrorText } from "../_lib/uploads";
import { TextButton } from "./text-button";

/**
 * The files attached to the message being written, above the message box: a preview (the picked
 * image itself, before any upload) or a file icon, name and size, the upload's progress, and a
 * button that cancels the upload or removes the file. A refused file stays, marked, with the
 * server's reason, until removed (or retried, when the trouble was passing).
 */
export function AttachmentChips({
  chips,
  notice,
  onRemove,
  onRetry,
}: {
  chips: readonly Chip[];
  notice: string | null;
  onRemove: (key: string) => void;
  onRetry: (key: string) => void;
}) {
  const t = useT();
  const locale = useLocale();
  if (chips.length === 0 && !notice) return null;
  return (
    <div className="mb-2">
      {chips.length > 0 ? (
        <ul aria-label={t.attach.list} className="flex flex-wrap gap-2">
          {chips.map((chip) => {
            const percent = Math.round(chip.progress * 100);
            const failed = chip.status === "failed";
            return (
              <li
                key={chip.key}
                data-testid="attachment-chip"
                data-status={chip.status}
                className={`flex w-56 max-w-full flex-col gap-1 rounded-lg border px-2 py-1.5 ${
                  failed ? "border-red-300 bg-red-50" : "border-slate-200 bg-slate-50"
                }`}
              >
                <div className="flex items-center gap-2">
                  <ChipPreview url={chip.previewUrl} />
                  <div className="min-w-0 flex-1">
                    <p className="truncate text-xs font-medium text-slate-900" title={chip.name}>
                      {chip.name}
                    </p>
                    <p className="text-[0.6875rem] text-slate-600">{formatSize(chip.size, locale)}</p>
                  </div>
                  <button
                    type="button"
                    aria-label={
                      chip.status === "uploading" ? t.attach.cancelUpload(chip.name) : t.attach.remove(chip.name)
                    }
                    onClick={() => onRemove(chip.key)}
                    className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-lg leading-none text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600"
                  >
                    <span aria-hidden>×</span>
                  </button>
                </div>
                {chip.status === "uploading" ? (
                  <div
                    role="progressbar"
                    aria-label={t.attach.uploading(percent)}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={percent}
                    className="h-1 overflow-hidden rounded-full bg-slate-200"
                  >
                    <div className="h-full bg-blue-600 transition-[width]" style={{ width: `${percent}%` }} />
                  </div>
                ) : null}
                {failed && chip.failure ? (
                  <p role="alert" className="text-[0.6875rem] leading-snug text-red-800">
                    {uploadErrorText(chip.failure, t, locale)}
                    {isRetryable(chip.failure) ? (
                      <>
                        {" "}
                        <TextButton onClick={() => onRetry(chip.key)} aria-label={t.attach.retry(chip.name)}>
                          {t.attach.retryShort}
                        </TextButton>
                      </>
                    ) : null}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {notice ? (
        <p role="status" className="mt-1 text-xs text-amber-900">
          {notice}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The picked image itself, or the file icon: also when a file typed as an image does not decode
 * (a renamed program, a damaged photo), which would otherwise show the browser's broken image.
 */
function ChipPreview({ url }: { url: string | null }) {
  const [broken, setBroken] = useState(false);
  if (url && !broken)
    return <img src={url} alt="" onError={() => setBroken(true)} className="h-10 w-10 shrink-0 rounded object-cover" />;
  return (
    <span className="inline-flex h-10 w-10 shrink-0 items-center justify-center rounded bg-white text-slate-500 ring-1 ring-slate-200">
      <FileIcon className="h-5 w-5" />
    </span>
  );
}
