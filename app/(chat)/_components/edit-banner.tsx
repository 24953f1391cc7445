"use client";

import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { formatCountdown, secondsLeft } from "~/app/_realtime/server-clock";
import { useServerNow } from "~/app/_realtime/use-server-now";
import { type MessageView } from "~/server/realtime/events";
import { editOption } from "../_lib/edit-action";

/**
 * Above the composer while it edits a message: what it is doing, the time left in the edit window
 * (counting down on the server clock, like the menu's), and Cancel. Once the window has closed it
 * says so; saving would be refused.
 */
export function EditBanner({
  message,
  meId,
  windowSeconds,
  onCancel,
}: {
  message: MessageView;
  meId: string;
  windowSeconds: number;
  onCancel: () => void;
}) {
  const t = useT();
  const now = useServerNow(true);
  const option = editOption({ meId, windowSeconds, message, now });
  return (
    <div className="mb-2 flex items-center gap-2 rounded-lg border-l-4 border-amber-500 bg-amber-50 px-3 py-2">
      <div className="min-w-0 flex-1 text-sm">
        <p className="font-medium text-slate-800">{t.composer.editing}</p>
        <p className="text-xs text-slate-600 tabular-nums">
          {option.kind === "own"
            ? t.composer.editTimeLeft(formatCountdown(secondsLeft(option.deadline, now)))
            : t.edit.errors.WINDOW_EXPIRED}
        </p>
      </div>
      <button type="button" className={button.ghost} onClick={onCancel}>
        {t.composer.cancelEdit}
      </button>
    </div>
  );
}
