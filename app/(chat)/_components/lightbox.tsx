"use client";

import { useState } from "react";
import { Dialog } from "~/app/_components/dialog";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { type AttachmentView, attachmentUrl } from "~/server/attachments/view";
import { imageAlt, stepIndex } from "../_lib/attachments";

/**
 * A message's images at their display size, one at a time: Left/Right (and Home/End, and the
 * buttons) move between them, Escape closes, Tab stays inside, and focus goes back to the
 * thumbnail of the image last shown. Download fetches the display size (images have no other).
 */
export function Lightbox({
  images,
  start,
  caption,
  thumbnailOf,
  onClose,
}: {
  images: readonly AttachmentView[];
  start: number;
  caption: string | null;
  /** An image's thumbnail button, to give focus back to. */
  thumbnailOf: (imageId: string) => HTMLElement | null;
  onClose: () => void;
}) {
  const t = useT();
  const [index, setIndex] = useState(start);
  const image = images[index] ?? images[0]!;
  const count = images.length;
  const alt = imageAlt(caption, image.name);
  const go = (key: string) => setIndex((i) => stepIndex(i, key, count));
  const stepper = (key: "ArrowLeft" | "ArrowRight", label: string, atEnd: boolean, glyph: string) => (
    <button
      type="button"
      aria-label={label}
      // Not `disabled`: a disabled button drops focus to the page, out of the dialog.
      aria-disabled={atEnd}
      onClick={() => {
        if (!atEnd) go(key);
      }}
      className={`${button.secondary} h-9 w-9 px-0 text-lg aria-disabled:cursor-not-allowed aria-disabled:opacity-50`}
    >
      <span aria-hidden>{glyph}</span>
    </button>
  );
  return (
    <Dialog
      title={alt}
      description={count > 1 ? t.attach.imageOf(index + 1, count) : undefined}
      onClose={onClose}
      media
      testId="lightbox"
      returnFocus={thumbnailOf(image.id)}
      onKeyDown={(e) => {
        if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(e.key)) return;
        e.preventDefault();
        go(e.key);
      }}
    >
      <div className="flex flex-col items-center gap-3">
        {/* Authenticated, access-checked route (404 once recalled): not for next/image's optimiser. */}
        <img
          key={image.id}
          src={attachmentUrl(image.id, "display")}
          alt={alt}
          width={image.width ?? undefined}
          height={image.height ?? undefined}
          className="h-auto max-h-[calc(100dvh-12rem)] w-auto max-w-full rounded-lg bg-slate-100 object-contain"
        />
        <div className="flex w-full items-center justify-between gap-3">
          <div className="flex items-center gap-2">
            {count > 1 ? (
              <>
                {stepper("ArrowLeft", t.attach.previous, index === 0, "‹")}
                <span className="text-sm text-slate-600 tabular-nums" aria-hidden>
                  {index + 1} / {count}
                </span>
                {stepper("ArrowRight", t.attach.next, index === count - 1, "›")}
              </>
            ) : null}
          </div>
          <a href={attachmentUrl(image.id, "display")} download={image.name} className={button.secondary}>
            {t.attach.download}
          </a>
        </div>
      </div>
    </Dialog>
  );
}
