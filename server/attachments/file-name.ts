import { type SniffedType } from "./sniff";

/**
 * The sender's file name is shown to others and offered as the download's name, so it is cleaned
 * of everything that could mislead a person or a file system. It is never used as a storage key
 * or a path: keys are generated (storage.ts).
 */
export const MAX_FILE_NAME_LENGTH = 120;

// Controls (C0, DEL, C1); bidirectional overrides and isolates, which make "gpj.exe" display as
// "exe.jpg"; zero-width characters and the BOM, which hide differences between names.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
// Reserved in Windows file names; a browser would replace them anyway, differently each.
const RESERVED = /[<>:"|?*]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

/** The last path component, cleaned and at most MAX_FILE_NAME_LENGTH characters; "file" if nothing is left. */
export function safeFileName(name: string): string {
  const base = name.normalize("NFC").split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .replace(/\s+/g, " ") // tabs and newlines become spaces before controls are dropped
    .replace(INVISIBLE, "")
    .replace(RESERVED, "_")
    // Leading dots hide files (and "." / ".." are not names); trailing dots and spaces are
    // dropped by Windows, which would turn "a.txt." into something else than shown.
    .replace(/^[.\s]+|[.\s]+$/g, "");
  const named = WINDOWS_DEVICE.test(cleaned) ? `_${cleaned}` : cleaned;
  return truncateKeepingExtension(named || "file", MAX_FILE_NAME_LENGTH);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = [...name]; // code points, so a surrogate pair is never cut in half
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? [...name.slice(dot)] : [];
  if (extension.length === 0 || extension.length > 16) return chars.slice(0, max).join("");
  return (
    chars
      .slice(0, max - extension.length)
      .join("")
      .trimEnd() + extension.join("")
  );
}

const TEXT_EXTENSIONS = new Set(["txt", "md", "markdown", "csv", "log", "json"]);
const IMAGE_EXTENSIONS: Record<string, string[]> = { jpg: ["jpg", "jpeg"] };

/**
 * The name a download gets: the cleaned name, with the sniffed type's extension appended when the
 * name's own extension says something else. A text file named "run.bat" downloads as
 * "run.bat.txt", so a double click opens an editor rather than running it.
 */
export function downloadName(name: string, type: SniffedType): string {
  const safe = safeFileName(name);
  const dot = safe.lastIndexOf(".");
  const extension = dot > 0 ? safe.slice(dot + 1).toLowerCase() : "";
  const allowed =
    type.kind === "text" ? TEXT_EXTENSIONS : new Set(IMAGE_EXTENSIONS[type.extension] ?? [type.extension]);
  if (allowed.has(extension)) return safe;
  return truncateKeepingExtension(`${safe}.${type.extension}`, MAX_FILE_NAME_LENGTH);
}
