/**
 * The reports queue's filters as URL search params, like the recalled list's (review-params.ts):
 * shareable, and unknown or malformed values are dropped rather than failing the page. Pure.
 */
import { type ReportCategory } from "~/db/schema";
import { oneOf } from "../../_components/review-params";

export const reportStatuses = ["open", "resolved", "all"] as const;
export type ReportQueueStatus = (typeof reportStatuses)[number];

export const reportCategories = ["spam", "abuse", "personal_data", "other"] as const;
// Fails to compile when the database enum gains or loses a category.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameCategories: Same<(typeof reportCategories)[number], ReportCategory> = true;
void sameCategories;

export interface ReportFilter {
  /** Absent: open reports (the server's default, and the queue's). */
  status?: Exclude<ReportQueueStatus, "open">;
  category?: ReportCategory;
}

interface ParamsLike {
  get(name: string): string | null;
}

export function reportFilterFromParams(params: ParamsLike): ReportFilter {
  const status = oneOf(reportStatuses, params.get("status"));
  return {
    status: status === "open" ? undefined : status,
    category: oneOf(reportCategories, params.get("category")),
  };
}

/** Only the non-default values, in a stable order. */
export function reportFilterToParams(filter: ReportFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (filter.status) p.set("status", filter.status);
  if (filter.category) p.set("category", filter.category);
  return p;
}

export const REPORT_FILTER_KEYS = ["status", "category"] as const;
