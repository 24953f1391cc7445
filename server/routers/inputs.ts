import { z } from "zod";
import { hiddenCharacter, isReservedName } from "~/server/security/names";

/** Input pieces shared by several routers, each with a message a person can act on. */
export const id = (what: string) => z.uuid({ message: `${what} must be a valid id.` });
export const conversationId = id("conversationId");

// NUL is refused by PostgreSQL text columns and other C0 controls (except tab/newline/CR) only
// hide content; an unpaired UTF-16 surrogate cannot be encoded as UTF-8 at all.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A trimmed string without control characters or broken Unicode; `what` names it in errors. */
export function text(what: string) {
  return z
    .string({ message: `${what} must be text.` })
    .refine((v) => !CONTROL_CHARS.test(v), `${what} contains control characters; remove them and try again.`)
    .refine((v) => !LONE_SURROGATE.test(v), `${what} contains invalid Unicode (a broken emoji or character).`)
    .transform((v) => v.trim());
}

/**
 * Text shown to others as a name or title: NFC-normalised (so "é" typed two ways is one name) and
 * free of characters that hide or reorder text. Message bodies do not use this.
 */
function shownText(what: string) {
  return text(what)
    .transform((v) => v.normalize("NFC"))
    .superRefine((v, ctx) => {
      const hidden = hiddenCharacter(v);
      if (hidden) {
        ctx.addIssue({
          code: "custom",
          message: `${what} contains an invisible or text-direction character (${hidden}); remove it and try again.`,
        });
      }
    });
}

/** A person's display name; names that would pass for staff are reserved for system admins. */
export const displayName = shownText("Your name")
  .pipe(z.string().min(1, "Please enter your name.").max(60, "A name can be at most 60 characters."))
  .refine((v) => !isReservedName(v), "This name is reserved for the service's administrators; please choose another.");

/** A message's text beside attachments: the rules of a message's text, but it may be empty. */
export const messageCaption = text("A message").pipe(z.string().max(4000, "A message can be at most 4000 characters."));

export const messageBody = messageCaption.pipe(z.string().min(1, "A message cannot be empty."));

export const title = shownText("A title").pipe(
  z.string().min(1, "A group needs a title.").max(80, "A title can be at most 80 characters."),
);

export const reason = text("A reason").pipe(
  z
    .string()
    .max(200, "A reason can be at most 200 characters.")
    .transform((r) => (r === "" ? null : r)),
);

export const limit = (max: number, fallback: number) =>
  z
    .number()
    .int("limit must be a whole number.")
    .min(1, "limit must be at least 1.")
    .max(max, `limit can be at most ${max}.`)
    .default(fallback);

/**
 * JavaScript dates reach ±275,760 years; PostgreSQL's timestamptz does not, and a date outside it
 * fails inside the query. Nothing in Recall is dated outside 1970–9999, so refuse the rest here.
 */
export const EARLIEST_DATE = new Date("1970-01-01T00:00:00.000Z");
export const LATEST_DATE = new Date("9999-12-31T23:59:59.999Z");

export function isStorableDate(date: Date): boolean {
  return date >= EARLIEST_DATE && date <= LATEST_DATE;
}

export const timestamp = (what: string) =>
  z
    .date({ message: `${what} must be a date and time.` })
    .refine(isStorableDate, `${what} must be a date between the years 1970 and 9999.`);
