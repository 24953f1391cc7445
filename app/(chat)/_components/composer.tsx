"use client";

import { type ClipboardEvent, type FormEvent, type RefObject, useRef } from "react";
import { PaperclipIcon } from "~/app/_components/icons";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { previewText } from "~/app/_realtime/message-preview";
import { type MessageView } from "~/server/realtime/events";
import { ACCEPTED_TYPES } from "../_lib/attachments";
import { canSend } from "../_lib/uploads";
import { AttachmentChips } from "./attachment-chips";
import { EditBanner } from "./edit-banner";
import { type ComposerAttachments } from "./use-composer-attachments";

/** The composer editing a message instead of writing a new one: Enter saves, Escape cancels. */
export interface ComposerEdit {
  message: MessageView;
  meId: string;
  windowSeconds: number;
  saving: boolean;
  onCancel: () => void;
}

export function Composer({
  value,
  onChange,
  onSend,
  replyTo,
  onCancelReply,
  edit,
  onEditLast,
  textareaRef,
  attachments,
}: {
  value: string;
  onChange: (value: string) => void;
  /** Sends the draft, or saves the edit. */
  onSend: () => void;
  replyTo: MessageView | null;
  onCancelReply: () => void;
  edit: ComposerEdit | null;
  /** Up in an empty composer: edit one's last message; false when there is none to edit. */
  onEditLast: () => boolean;
  textareaRef: RefObject<HTMLTextAreaElement | null>;
  /** The files for the new message; set aside (not shown, not offered) while editing. */
  attachments: ComposerAttachments;
}) {
  const t = useT();
  const fileInput = useRef<HTMLInputElement>(null);
  const sendable = canSend({ text: value, chips: attachments.chips, editing: edit !== null });

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (sendable) onSend();
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    if (edit) return;
    const files = [...e.clipboardData.files];
    // Text wins when the clipboard has both: a word processor copies a picture of the text
    // beside the text itself. A copied image (or file) alone is attached.
    if (files.length === 0 || e.clipboardData.getData("text/plain") !== "") return;
    e.preventDefault();
    attachments.add(files);
  };

  return (
    <form
      onSubmit={submit}
      className="border-t border-slate-200 bg-white px-3 pt-2 pb-[max(0.75rem,env(safe-area-inset-bottom))] sm:px-4"
    >
      {edit ? (
        <EditBanner
          message={edit.message}
          meId={edit.meId}
          windowSeconds={edit.windowSeconds}
          onCancel={edit.onCancel}
        />
      ) : replyTo ? (
        <div className="mb-2 flex items-start gap-2 rounded-lg border-l-4 border-blue-500 bg-slate-50 px-3 py-2">
          <div className="min-w-0 flex-1 text-sm">
            <p className="font-medium text-slate-800">{t.message.replyingTo(replyTo.sender.name)}</p>
            <p className="truncate text-slate-600">
              {replyTo.recall ? t.message.originalRecalled : previewText(replyTo, t)}
            </p>
          </div>
          <button
            type="button"
            aria-label={t.message.cancelReply}
            onClick={onCancelReply}
            className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-lg leading-none text-slate-500 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600"
          >
            <span aria-hidden>×</span>
          </button>
        </div>
      ) : null}
      {edit ? null : (
        <AttachmentChips
          chips={attachments.chips}
          notice={attachments.notice}
          onRemove={attachments.remove}
          onRetry={attachments.retry}
        />
      )}
      <div className="flex items-end gap-2">
        {edit ? null : (
          <>
            <button
              type="button"
              data-testid="attach-button"
              aria-label={t.attach.button}
              title={t.attach.button}
              onClick={() => fileInput.current?.click()}
              className={`${button.icon} h-10 w-10 shrink-0`}
            >
              <PaperclipIcon className="h-5 w-5" />
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              accept={ACCEPTED_TYPES}
              tabIndex={-1}
              aria-hidden
              className="hidden"
              onChange={(e) => {
                attachments.add([...(e.target.files ?? [])]);
                // Picking the same file again (after removing it) fires change again.
                e.target.value = "";
                textareaRef.current?.focus();
              }}
            />
          </>
        )}
        <textarea
          id="composer"
          ref={textareaRef}
          aria-label={t.composer.label}
          placeholder={t.composer.placeholder}
          value={value}
          rows={1}
          maxLength={4000}
          onChange={(e) => onChange(e.target.value)}
          onPaste={onPaste}
          onKeyDown={(e) => {
            // While an input method is composing (e.g. pinyin), Enter picks a candidate.
            if (e.nativeEvent.isComposing || e.keyCode === 229) return;
            if (e.key === "Enter" && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
              e.preventDefault();
              submit();
            } else if (e.key === "Escape" && (edit || replyTo)) {
              e.preventDefault();
              if (edit) edit.onCancel();
              else onCancelReply();
            } else if (e.key === "ArrowUp" && !edit && value === "" && attachments.chips.length === 0 && onEditLast()) {
              e.preventDefault();
            }
          }}
          className="block [field-sizing:content] max-h-40 min-h-10 flex-1 resize-none rounded-xl border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 placeholder:text-slate-400 focus:border-blue-500 focus-visible:outline-2 focus-visible:outline-blue-600 sm:text-sm"
        />
        <button type="submit" disabled={!sendable || edit?.saving} className={`${button.primary} h-10`}>
          {edit ? t.composer.save : t.composer.send}
        </button>
      </div>
      <p className="mt-1 hidden text-[0.6875rem] text-slate-600 md:block">
        {edit ? t.composer.editHint : t.composer.hint}
      </p>
    </form>
  );
}
