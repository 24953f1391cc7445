/**
 * Inline SVG icons: they render the same everywhere, unlike emoji, which show as empty boxes
 * where no emoji font is installed. Decorative: the text beside them carries the meaning.
 */
type IconProps = { className?: string };

/** The frame every icon shares: a 24-unit box drawn with round strokes in the text's colour. */
function Stroked({ className, width = 1.8, children }: IconProps & { width?: number; children: React.ReactNode }) {
  return (
    <svg
      aria-hidden
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={width}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
    >
      {children}
    </svg>
  );
}

export function ChatIcon({ className }: IconProps) {
  return (
    <Stroked className={className}>
      <path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4h1A2.5 2.5 0 0 1 4 13.5z" />
    </Stroked>
  );
}

export function SearchIcon({ className }: IconProps) {
  return (
    <Stroked className={className} width={2}>
      <circle cx="11" cy="11" r="6.5" />
      <path d="m16 16 4.5 4.5" />
    </Stroked>
  );
}

export function PaperclipIcon({ className }: IconProps) {
  return (
    <Stroked className={className}>
      <path d="m20.5 11.5-8.3 8.3a5 5 0 0 1-7.1-7.1l8.6-8.6a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4l7.9-7.9" />
    </Stroked>
  );
}

export function FileIcon({ className }: IconProps) {
  return (
    <Stroked className={className}>
      <path d="M14 3H7.5A2.5 2.5 0 0 0 5 5.5v13A2.5 2.5 0 0 0 7.5 21h9a2.5 2.5 0 0 0 2.5-2.5V8z" />
      <path d="M14 3v5h5M9 13h6M9 17h4" />
    </Stroked>
  );
}
