/**
 * A progress bar for a terminal line, such as `[██████░░░░] 54%`.
 *
 * @example
 * ```ts
 * import * as ProgressBar from "./ProgressBar.js"
 * import * as Style from "./Style.js"
 *
 * ProgressBar.render(0.54, 10, Style.plain) // "[█████░░░░░] 54%"
 * ProgressBar.render(0.54, 10, Style.plain, { ascii: true }) // "[#####-----] 54%"
 * ProgressBar.render(Number.NaN, 10, Style.plain) // "": unknown, no bar
 * ```
 */
import type * as Style from "./Style.js"

/** How to draw the bar. */
export interface Options {
  /**
   * Draw with `#` and `-` instead of the block characters `█` and `░`, for a
   * terminal or a log viewer without them (default: false). The blocks are
   * UTF-8 and show on any modern terminal, with or without colour.
   */
  readonly ascii?: boolean
}

/** Rounds down, forgiving the float error of a product such as 0.29 × 100 = 28.999…96. */
const down = (value: number): number => Math.floor(value + 1e-9)

/**
 * A bar `width` cells wide (not counting the brackets) filled to `fraction`,
 * then the percentage. Cells and percentage round down, so a bar is full and
 * says 100% only when the work is. The fraction is clamped to 0–1; an unknown
 * one (`undefined`, NaN, ±Infinity) gives "" (no bar). A width under 1 gives
 * the percentage alone. With colour the done part is green when complete,
 * cyan before, and the rest dim.
 */
export const render = (
  fraction: number | undefined,
  width: number,
  style: Style.Style,
  options: Options = {}
): string => {
  if (fraction === undefined || !Number.isFinite(fraction)) return ""
  const done = Math.min(Math.max(fraction, 0), 1)
  const percent = `${down(done * 100)}%`
  const cells = Number.isFinite(width) ? Math.max(Math.floor(width), 0) : 0
  if (cells === 0) return percent
  const filled = down(done * cells)
  const [full, empty] = options.ascii === true ? ["#", "-"] : ["█", "░"]
  const paint = done === 1 ? style.green : style.cyan
  const bar = `${filled > 0 ? paint(full.repeat(filled)) : ""}${filled < cells ? style.dim(empty.repeat(cells - filled)) : ""}`
  return `[${bar}] ${percent}`
}
