/**
 * Control and invisible characters in text from a server, made visible and
 * harmless. A reader never gets them as they are: in a terminal, where a
 * report is often printed, ESC and the 8-bit CSI start escape sequences
 * (colours, cursor moves, a window title), BEL rings and BS overwrites what
 * was shown; NUL is among them, as CommonMark reads it; so are VT and FF (no
 * line break to CommonMark), U+2028 and U+2029 (a line break to some readers
 * and not to others), and the invisible characters that reorder or hide text:
 * bidirectional controls, zero-width spaces and joiners, the byte-order mark.
 * Tab, LF and CR are text and are kept.
 *
 * @example
 * ```ts
 * import { Scrub } from "@jobscope/core"
 *
 * Scrub.controls("ok\u001b[31m red\tcell") // "ok\uFFFD[31m red\tcell"
 * ```
 */

const controlCharacter =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is what it is for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g

/** Whether the text holds a control character {@link controls} would replace. */
export const hasControls = (text: string): boolean => {
  controlCharacter.lastIndex = 0
  const found = controlCharacter.test(text)
  controlCharacter.lastIndex = 0
  return found
}

/**
 * The text with each control or invisible character (C0 but tab, LF and CR;
 * DEL; C1; U+2028/2029; bidi controls and zero-width characters) as U+FFFD,
 * the replacement character: shown, and harmless.
 */
export const controls = (text: string): string => text.replace(controlCharacter, "\uFFFD")
