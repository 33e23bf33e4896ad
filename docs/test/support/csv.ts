/**
 * Reads CSV as RFC 4180 defines it (quoted cells, doubled quotes, CRLF line
 * ends), so that the renderer's tests check what a spreadsheet would read,
 * not the text the renderer wrote.
 */

/** The rows of a CSV text, each a list of cells. Throws on text RFC 4180 does not allow. */
export const parse = (text: string, delimiter = ","): ReadonlyArray<ReadonlyArray<string>> => {
  const rows: Array<Array<string>> = []
  let row: Array<string> = []
  let at = 0
  while (at < text.length) {
    let value = ""
    if (text[at] === '"') {
      at++
      for (;;) {
        const quote = text.indexOf('"', at)
        if (quote === -1) throw new Error("a quoted cell is not closed")
        value += text.slice(at, quote)
        at = quote + 1
        if (text[at] !== '"') break
        value += '"'
        at++
      }
    } else {
      const end = text.slice(at).search(new RegExp(`[${delimiter}\\r\\n"]`))
      value = end === -1 ? text.slice(at) : text.slice(at, at + end)
      at += value.length
      if (text[at] === '"') throw new Error(`a quote inside an unquoted cell, at ${at}`)
    }
    row.push(value)
    if (text[at] === delimiter) at++
    else if (text.startsWith("\r\n", at) || at === text.length) {
      rows.push(row)
      row = []
      at += 2
    } else throw new Error(`expected a delimiter or CRLF after a cell, at ${at}`)
  }
  return rows
}
