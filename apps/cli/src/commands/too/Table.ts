/** A table of text for people: columns padded to their widest cell, two spaces apart, each row indented. */

/** The lines of a table whose first row is its header; cells must already be safe to print. */
export const lines = (rows: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<string> => {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? "").length))
  )
  return rows.map(
    (row) =>
      `  ${row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join("  ")
        .trimEnd()}`
  )
}
