import { type ButtonHTMLAttributes } from "react";

const LINK_LOOK =
  "rounded font-semibold text-blue-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600";

/** A button that reads as a link inside a line of text (Re-edit, Retry, Show all). */
export function TextButton({ className, ...props }: ButtonHTMLAttributes<HTMLButtonElement>) {
  return <button type="button" {...props} className={className ? `${className} ${LINK_LOOK}` : LINK_LOOK} />;
}
