"use client";

import { type SyntheticEvent, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { FileIcon } from "~/app/_components/icons";
import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type Locale } from "~/app/_i18n/locale";
import { type AttachmentView, attachmentUrl } from "~/server/attachments/view";
import { formatSize, imageAlt, typeLabel } from "../_lib/attachments";
import { Lightbox } from "./lightbox";

/**
 * A message's files, above its caption: images as thumbnails (one large, or two columns for
 * 2–4) that open the lightbox, other files as download links with their size and type. The
 * thumbnails reserve their space from the known size, so the log does not jump as they load.
 * Like the body's links, they take part in the list's roving focus (Tab reaches them only in the
 * message holding the list's Tab stop).
 */
export function MessageAttachments({
  attachments,
  caption,
  own,
  tabbable,
  t,
  locale,
}: {
  attachments: readonly AttachmentView[];
  caption: string | null;
  own: boolean;
  tabbable: boolean;
  t: Dictionary;
  locale: Locale;
}) {
  const [open, setOpen] = useState<number | null>(null);
  const thumbnails = useRef(new Map<string, HTMLElement>());
  const images = attachments.filter((a) => a.kind === "image");
  const files = attachments.filter((a) => a.kind !== "image");
  const single = images.length === 1;
  const focusRing = `focus-visible:outline-2 focus-visible:outline-offset-2 ${own ? "focus-visible:outline-white" : "focus-visible:outline-blue-600"}`;

  return (
    <div className="flex flex-col gap-1.5">
      {images.length > 0 ? (
        <div className={single ? "w-64 max-w-full sm:w-80" : "grid w-64 max-w-full grid-cols-2 gap-1 sm:w-72"}>
          {images.map((image, i) => (
            <button
              key={image.id}
              type="button"
              aria-haspopup="dialog"
              tabIndex={tabbable ? 0 : -1}
              ref={(el) => {
                if (el) thumbnails.current.set(image.id, el);
                else thumbnails.current.delete(image.id);
              }}
              onClick={() => setOpen(i)}
              className={`block w-full overflow-hidden rounded-xl bg-slate-200 ${focusRing}`}
            >
              {/* Authenticated, access-checked route (404 once recalled): not for next/image's optimiser. */}
              <img
                data-testid="message-image"
                src={attachmentUrl(image.id, "thumb")}
                alt={imageAlt(caption, image.name)}
                width={image.width ?? undefined}
                height={image.height ?? undefined}
                loading="lazy"
                decoding="async"
                draggable={false}
                className={
                  single
                    ? // The width and height attributes give the box its aspect ratio before the image loads.
                      `block h-auto max-h-96 w-full object-cover ${image.width ? "" : "aspect-square"}`
                    : "block aspect-square h-full w-full object-cover"
                }
              />
            </button>
          ))}
        </div>
      ) : null}
      {files.map((file) => {
        const size = formatSize(file.size, locale);
        const type = typeLabel(file.kind, t);
        return (
          <a
            key={file.id}
            data-testid="message-file"
            href={attachmentUrl(file.id, "file")}
            download={file.name}
            tabIndex={tabbable ? 0 : -1}
            aria-label={t.attach.downloadFile(file.name, size, type)}
            className={`flex w-64 max-w-full items-center gap-2.5 rounded-xl px-2.5 py-2 ${
              own ? "bg-white/15 text-white hover:bg-white/25" : "bg-slate-100 text-slate-900 hover:bg-slate-200"
            } ${focusRing}`}
          >
            <span
              className={`inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-lg ${own ? "bg-white/20" : "bg-white text-slate-500 ring-1 ring-slate-200"}`}
            >
              <FileIcon className="h-5 w-5" />
            </span>
            <span className="min-w-0 flex-1">
              <span className="block truncate text-sm font-medium" title={file.name}>
                {file.name}
              </span>
              <span className={`block text-xs ${own ? "text-blue-100" : "text-slate-600"}`}>
                {size} · {type}
              </span>
            </span>
          </a>
        );
      })}
      {open !== null
        ? createPortal(
            // React events bubble through portals: the row's menu gestures (right click, long
            // press, Enter) must not see what happens in the lightbox.
            <div
              className="contents"
              onContextMenu={stop}
              onPointerDown={stop}
              onPointerMove={stop}
              onPointerUp={stop}
              onKeyDown={stop}
            >
              <Lightbox
                images={images}
                start={open}
                caption={caption}
                thumbnailOf={(id) => thumbnails.current.get(id) ?? null}
                onClose={() => setOpen(null)}
              />
            </div>,
            document.body,
          )
        : null}
    </div>
  );
}

const stop = (e: SyntheticEvent) => e.stopPropagation();
