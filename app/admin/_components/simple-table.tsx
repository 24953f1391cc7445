import { type ReactNode } from "react";

/**
 * The console's plain table: a frame (usually scrolling), an optional screen-reader caption, one row of
 * column headers in one style, and the caller's rows. Each table keeps its own look through the class names.
 */
export function SimpleTable({
  frameClassName,
  className,
  caption,
  headClassName,
  columns,
  columnClassName,
  bodyClassName,
  children,
}: {
  frameClassName: string;
  className: string;
  caption?: string;
  headClassName: string;
  columns: readonly string[];
  columnClassName: string;
  bodyClassName?: string;
  children: ReactNode;
}) {
  return (
    <div className={frameClassName}>
      <table className={className}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className={headClassName}>
          <tr>
            {columns.map((label) => (
              <th key={label} scope="col" className={columnClassName}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={bodyClassName}>{children}</tbody>
      </table>
    </div>
  );
}
