/** A table's plain column headers, one style for the row. */
export function ColumnHeaders({ labels, className }: { labels: readonly string[]; className: string }) {
  return (
    <>
      {labels.map((label) => (
        <th key={label} scope="col" className={className}>
          {label}
        </th>
      ))}
    </>
  );
}
