"use client";

import { type DragEvent, type ReactNode, useState } from "react";
import { useT } from "~/app/_i18n/provider";

const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes("Files");

/**
 * The message log and the composer as one drop target for files: while files are dragged over
 * it, a hint covers it; dropped files are attached to the message being written. Off while a
 * message is being edited (an edit cannot change attachments): the browser's own handling is
 * then prevented too, so a stray drop never navigates away from the conversation.
 */
export function DropZone({
  enabled,
  onFiles,
  children,
}: {
  enabled: boolean;
  onFiles: (files: File[]) => void;
  children: ReactNode;
}) {
  const t = useT();
  const [over, setOver] = useState(false);
  return (
    <div
      className="relative flex min-h-0 flex-1 flex-col"
      onDragEnter={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        if (enabled) setOver(true);
      }}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = enabled ? "copy" : "none";
      }}
      onDragLeave={(e) => {
        // Moving between children fires leave/enter pairs; only leaving the zone itself counts.
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        setOver(false);
        if (enabled) onFiles([...e.dataTransfer.files]);
      }}
    >
      {children}
      {over ? (
        <div
          aria-hidden
          className="pointer-events-none absolute inset-2 z-20 flex items-center justify-center rounded-2xl border-2 border-dashed border-blue-500 bg-blue-50/90 text-base font-medium text-blue-900"
        >
          {t.attach.dropHint}
        </div>
      ) : null}
    </div>
  );
}
