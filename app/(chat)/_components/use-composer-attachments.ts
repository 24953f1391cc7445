"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useT } from "~/app/_i18n/provider";
import { MAX_ATTACHMENTS } from "../_lib/attachments";
import { uploadFile } from "../_lib/upload-file";
import { admit, type Chip, sendable } from "../_lib/uploads";

export interface ComposerAttachments {
  chips: Chip[];
  /** Why some picked files were left out (more than MAX_ATTACHMENTS), until the next pick or send. */
  notice: string | null;
  add: (files: readonly File[]) => void;
  /** Removes a chip; an upload in flight is aborted. */
  remove: (key: string) => void;
  /** Uploads a refused chip's file again. */
  retry: (key: string) => void;
  /** The uploaded attachments in order, and the strip emptied (a send took them). */
  take: () => ReturnType<typeof sendable>;
}

let nextKey = 0;

/**
 * The files attached to the message being written: each uploads as soon as it is picked (so
 * sending is instant), with its progress, its refusal, and its removal (which aborts it). Object
 * URLs of image previews and uploads in flight end with their chip, or when the conversation
 * closes (the view is keyed by conversation, so this unmounts).
 */
export function useComposerAttachments(conversationId: string): ComposerAttachments {
  const t = useT();
  const [chips, setChips] = useState<Chip[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const files = useRef(new Map<string, File>());
  const aborts = useRef(new Map<string, () => void>());
  const chipsRef = useRef(chips);
  useEffect(() => {
    chipsRef.current = chips;
  });

  const patch = useCallback((key: string, change: Partial<Chip>) => {
    setChips((list) => list.map((c) => (c.key === key ? { ...c, ...change } : c)));
  }, []);

  const start = useCallback(
    (key: string, file: File) => {
      const upload = uploadFile(conversationId, file, (fraction) => patch(key, { progress: fraction }));
      aborts.current.set(key, upload.abort);
      void upload.result.then((r) => {
        aborts.current.delete(key);
        if (r.ok) patch(key, { status: "done", progress: 1, attachment: r.attachment });
        else if (!("aborted" in r)) patch(key, { status: "failed", failure: r.failure });
      });
    },
    [conversationId, patch],
  );

  const add = useCallback(
    (picked: readonly File[]) => {
      if (picked.length === 0) return;
      const { take, refused } = admit(chipsRef.current.length, picked.length, MAX_ATTACHMENTS);
      setNotice(refused > 0 ? t.attach.tooMany(MAX_ATTACHMENTS) : null);
      const fresh: Chip[] = picked.slice(0, take).map((file) => ({
        key: `a${++nextKey}`,
        name: file.name,
        size: file.size,
        mime: file.type,
        previewUrl: file.type.startsWith("image/") ? URL.createObjectURL(file) : null,
        status: "uploading",
        progress: 0,
        attachment: null,
        failure: null,
      }));
      if (fresh.length === 0) return;
      // The ref too, so a second drop before React renders counts these.
      chipsRef.current = [...chipsRef.current, ...fresh];
      setChips((list) => [...list, ...fresh]);
      fresh.forEach((chip, i) => {
        const file = picked[i]!;
        files.current.set(chip.key, file);
        start(chip.key, file);
      });
    },
    [start, t],
  );

  const remove = useCallback((key: string) => {
    const chip = chipsRef.current.find((c) => c.key === key);
    if (!chip) return;
    release(chip, aborts.current, files.current);
    chipsRef.current = chipsRef.current.filter((c) => c.key !== key);
    setChips((list) => list.filter((c) => c.key !== key));
    setNotice(null);
  }, []);

  const retry = useCallback(
    (key: string) => {
      const file = files.current.get(key);
      if (!file) return;
      patch(key, { status: "uploading", progress: 0, failure: null });
      start(key, file);
    },
    [patch, start],
  );

  const take = useCallback(() => {
    const taken = sendable(chipsRef.current);
    for (const chip of chipsRef.current) release(chip, aborts.current, files.current);
    chipsRef.current = [];
    setChips([]);
    setNotice(null);
    return taken;
  }, []);

  useEffect(() => {
    const inFlight = aborts.current;
    const picked = files.current;
    return () => {
      for (const chip of chipsRef.current) release(chip, inFlight, picked);
    };
  }, []);

  return { chips, notice, add, remove, retry, take };
}

/** A chip's end: its upload aborted if still going, its file and preview URL let go. */
function release(chip: Chip, aborts: Map<string, () => void>, files: Map<string, File>) {
  aborts.get(chip.key)?.();
  aborts.delete(chip.key);
  files.delete(chip.key);
  if (chip.previewUrl) URL.revokeObjectURL(chip.previewUrl);
}
