/**
 * Standard output as the live view sees it: whether it is a terminal, how
 * wide, and whether to colour (never with `NO_COLOR`, see `Style.wantsColor`).
 */
import type * as Live from "./Live.js"
import * as Style from "./Style.js"

/** Standard output, as this process has it. */
export const stdout = (): Live.Screen => {
  const isTTY = process.stdout.isTTY === true
  return {
    write: (text: string) => {
      process.stdout.write(text)
    },
    isTTY,
    // A terminal that does not know its size says 0.
    columns: () => process.stdout.columns || 80,
    rows: () => process.stdout.rows || 24,
    color: Style.wantsColor(process.env, isTTY)
  }
}
