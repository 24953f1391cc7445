import { avatarColor, initials } from "../_lib/format";

export function Avatar({ id, name, size = "md" }: { id: string; name: string; size?: "sm" | "md" }) {
  const dims = size === "sm" ? "h-8 w-8 text-xs" : "h-10 w-10 text-sm";
  return (
    <span
      aria-hidden
      className={`inline-flex shrink-0 items-center justify-center rounded-full font-semibold text-white select-none ${dims} ${avatarColor(id)}`}
    >
      {initials(name)}
    </span>
  );
}
