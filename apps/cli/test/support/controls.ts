/**
 * What a terminal would act on rather than show, found in output: the checks
 * behind "a hostile server cannot move the cursor, recolour or hide text".
 * Written as loops, not patterns, since a pattern of control characters is
 * hard to read (and the linter rightly flags one).
 */

const ESC = "\u001b"

/** The SGR codes `Style` writes: reset, bold, dim, their close, red, green, yellow, magenta, cyan, colour close. */
const ourCodes = [0, 1, 2, 22, 31, 32, 33, 35, 36, 39].map((code) => `${ESC}[${code}m`)

/** The text without the colour codes `Style` writes (any other escape is left, to be caught). */
export const withoutColours = (text: string): string =>
  ourCodes.reduce((rest, code) => rest.replaceAll(code, ""), text)

/** Characters a terminal shows as nothing but that reorder or hide what is around them. */
const invisible = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff
])

/**
 * The characters of `text` a terminal would act on (C0 controls but the line
 * feed, DEL, C1 controls) or that reorder a line (bidirectional overrides,
 * the BOM), as code points, in order; empty when there are none.
 */
export const controls = (text: string): ReadonlyArray<number> => {
  const found: Array<number> = []
  for (const char of text) {
    const point = char.codePointAt(0)!
    if ((point < 0x20 && point !== 0x0a) || (point >= 0x7f && point <= 0x9f) || invisible.has(point))
      found.push(point)
  }
  return found
}
