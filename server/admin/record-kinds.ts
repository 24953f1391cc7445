/**
 * The review list's vocabulary, shared by the SQL in recall-records.ts and the browser's URL
 * params (review-params.ts). Pure: no server imports, so the browser bundle can include it.
 */
export const recordStates = ["retained", "erased", "purged", "restored"] as const;
export type RecordState = (typeof recordStates)[number];

/** The most records one "mark reviewed" call takes (the procedure's bound, and the console's limit on a selection). */
export const REVIEW_MANY_MAX = 100;

/** How the overview groups revokers: group owners and group admins are both "group moderators". */
export const actorKinds = ["sender", "group_moderator", "system_admin"] as const;
export type ActorKind = (typeof actorKinds)[number];

export interface RecordFilter {
  messageId?: string;
  conversationId?: string;
  senderId?: string;
  revokerId?: string;
  actorKind?: ActorKind;
  /** Case-insensitive substring of the reason. */
  reason?: string;
  /** On the time of the recall. */
  from?: Date;
  to?: Date;
  state?: RecordState;
  reviewed?: boolean;
}
