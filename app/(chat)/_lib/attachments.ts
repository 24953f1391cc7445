import { type Dictionary } from "~/app/_i18n/dictionaries";
import { intlTag, type Locale } from "~/app/_i18n/locale";
import { type AttachmentView } from "~/server/attachments/view";

/** The client assumes the server's default (ATTACHMENT_MAX_PER_MESSAGE); the server refuses more itself. */
export const MAX_ATTACHMENTS = 4;

/** What the file picker offers; drops and pastes of other types go to the server, which explains its refusal. */
export const ACCEPTED_TYPES = "image/jpeg,image/png,image/webp,image/gif,application/pdf,text/plain";

const UNITS = ["B", "KB", "MB", "GB"] as const;

/** "512 B", "34 KB", "1.2 MB": binary multiples, one decimal below 10 units, digits in the reader's locale. */
export function formatSize(bytes: number, locale: Locale): string {
  let n = Math.max(0, bytes);
  let i = 0;
  while (n >= 1024 && i < UNITS.length - 1) {
    n /= 1024;
    i++;
  }
  const digits = i === 0 || n >= 10 ? 0 : 1;
  const rounded = Number(n.toFixed(digits));
  // 1023.96 KB rounds to "1024 KB": say "1 MB" instead.
  if (rounded >= 1024 && i < UNITS.length - 1) return formatSize(1024 ** (i + 1), locale);
  return `${new Intl.NumberFormat(intlTag(locale), { maximumFractionDigits: digits }).format(rounded)} ${UNITS[i]}`;
}

export function typeLabel(kind: AttachmentView["kind"], t: Dictionary): string {
  return t.attach.types[kind];
}

/** The lightbox's next image: clamped to the ends (no wrap), so Left on the first stays there. */
export function stepIndex(index: number, key: string, count: number): number {
  if (count <= 0) return 0;
  const last = count - 1;
  const to = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: last }[key];
  return to === undefined ? index : Math.max(0, Math.min(last, to));
}

/** What an image is called: the caption when there is one (it says what it shows), else its file name. */
export function imageAlt(caption: string | null, name: string): string {
  const text = caption?.trim() ?? "";
  return text !== "" ? text : name;
}
