"use client";

import { type inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { type AppRouter } from "~/server/root";
import { useFormat } from "../../_components/format";
import { Badge, StateBadge } from "../../_components/ui";

export type ReviewItem = inferRouterOutputs<AppRouter>["admin"]["recalled"]["list"]["items"][number];

export const td = "px-2 py-2 lg:px-3";

/** The cells one recall action has in common: sender, who recalled (and as what), reason, state. */
function ActionCells({ r, kindTone }: { r: ReviewItem; kindTone: string }) {
  const t = useT();
  return (
    <>
      <td className={td}>{r.sender.name}</td>
      <td className={td}>
        <div className="whitespace-nowrap">{r.revoker?.name ?? t.admin.common.none}</div>
        {r.revokerKind ? (
          <div className={`text-xs whitespace-nowrap ${kindTone}`}>{t.admin.kinds[r.revokerKind]}</div>
        ) : null}
      </td>
      <td className={`${td} max-w-[11rem] text-slate-700 lg:max-w-[16rem]`}>
        <span className="line-clamp-2 break-words">{r.reason ?? t.admin.common.none}</span>
      </td>
      <td className={td}>
        <StateBadge state={r.state} />
      </td>
    </>
  );
}

/** One recalled message: a checkbox, a link to its page, and its facts. */
export function RecordRow({ r, selected, onToggle }: { r: ReviewItem; selected: boolean; onToggle: () => void }) {
  const t = useT();
  const f = useFormat();
  return (
    <tr className="align-top hover:bg-slate-50">
      <td className={td}>
        <input
          type="checkbox"
          aria-label={t.admin.recalled.selectRow(r.sender.name, f.dateTime(r.revokedAt))}
          checked={selected}
          onChange={onToggle}
          className="h-4 w-4"
        />
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <Link
          href={`/admin/recalled/${r.id}`}
          aria-label={t.admin.recalled.openLabel(r.sender.name, f.dateTime(r.revokedAt))}
          className={button.link}
        >
          <time dateTime={r.revokedAt.toISOString()}>{f.dateTime(r.revokedAt)}</time>
        </Link>
        <div className="text-xs text-slate-500 lg:hidden">
          {t.admin.recalled.sentAt}: <time dateTime={r.createdAt.toISOString()}>{f.dateTime(r.createdAt)}</time>
        </div>
      </td>
      <td className={`${td} hidden whitespace-nowrap text-slate-600 lg:table-cell`}>
        <time dateTime={r.createdAt.toISOString()}>{f.dateTime(r.createdAt)}</time>
      </td>
      <td className={`${td} max-w-[7rem] truncate lg:max-w-[12rem]`} title={r.conversationLabel}>
        {r.conversationLabel}
      </td>
      <ActionCells r={r} kindTone="text-slate-500" />
      <td className={td}>
        {r.review ? (
          <>
            <Badge>{t.admin.recalled.reviewedBadge}</Badge>
            <div className="text-xs whitespace-nowrap text-slate-600">
              {r.review.by} · <time dateTime={r.review.at.toISOString()}>{f.dateTime(r.review.at)}</time>
            </div>
          </>
        ) : (
          <span className="text-xs text-slate-600">{t.admin.recalled.notReviewed}</span>
        )}
      </td>
    </tr>
  );
}

/**
 * The summary row of messages recalled by one action: selects them all at once, and opens or folds
 * their own rows. `more`: the group may go on in the next page.
 */
export function GroupRow({
  rows,
  more,
  chosen,
  open,
  onSelect,
  onOpen,
}: {
  rows: ReviewItem[];
  more: boolean;
  chosen: number;
  open: boolean;
  onSelect: () => void;
  onOpen: () => void;
}) {
  const t = useT();
  const f = useFormat();
  const first = rows[0]!;
  const reviewedCount = rows.filter((x) => x.review).length;
  const conversations = new Set(rows.map((x) => x.conversationId)).size;
  const label = t.admin.recalled.group(rows.length, more, first.sender.name, f.dateTime(first.revokedAt));
  return (
    <tr className="bg-slate-50 align-top">
      <td className={td}>
        <input
          type="checkbox"
          aria-label={t.admin.recalled.selectGroup(label)}
          checked={chosen === rows.length}
          ref={(el) => {
            if (el) el.indeterminate = chosen > 0 && chosen < rows.length;
          }}
          onChange={onSelect}
          className="h-4 w-4"
        />
      </td>
      <td className={`${td} whitespace-nowrap`}>
        <time dateTime={first.revokedAt.toISOString()}>{f.dateTime(first.revokedAt)}</time>
        <div className="text-xs font-medium text-slate-700">{t.admin.recalled.together(rows.length, more)}</div>
        <button
          type="button"
          aria-expanded={open}
          aria-label={open ? t.admin.recalled.hideEach(label) : t.admin.recalled.showEach(label)}
          onClick={onOpen}
          className={`${button.link} text-xs`}
        >
          {open ? t.admin.recalled.hide : t.admin.recalled.show}
        </button>
      </td>
      <td className={`${td} hidden lg:table-cell`} />
      <td
        className={`${td} max-w-[7rem] truncate lg:max-w-[12rem]`}
        title={conversations === 1 ? first.conversationLabel : undefined}
      >
        {conversations === 1 ? first.conversationLabel : t.admin.recalled.conversations(conversations)}
      </td>
      <ActionCells r={first} kindTone="text-slate-600" />
      <td className={td}>
        {reviewedCount === rows.length ? (
          <Badge>{t.admin.recalled.reviewedBadge}</Badge>
        ) : (
          <span className="text-xs text-slate-600">
            {reviewedCount === 0
              ? t.admin.recalled.notReviewed
              : t.admin.recalled.someReviewed(reviewedCount, rows.length)}
          </span>
        )}
      </td>
    </tr>
  );
}
