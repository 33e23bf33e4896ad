/**
 * Control characters in text from a server, made visible and harmless. A
 * reader never gets them as they are: in a terminal, where a report is often
 * printed, ESC and the 8-bit CSI start escape sequences (colours, cursor
 * moves, a window title), BEL rings and BS overwrites what was shown; NUL is
 * among them, as CommonMark reads it. Tab and the line breaks (LF, VT, FF,
 * CR) are text and are kept.
 *
 * @example
 * ```ts
 * import { Scrub } from "@jobscope/core"
 *
 * Scrub.controls("ok\u001b[31m red\tcell") // "ok\uFFFD[31m red\tcell"
 * ```
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is what it is for
const controlCharacter = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g

/** Whether the text holds a control character {@link controls} would replace. */
export const hasControls = (text: string): boolean => {
  controlCharacter.lastIndex = 0
  const found = controlCharacter.test(text)
  controlCharacter.lastIndex = 0
  return found
}

/**
 * The text with each control character (C0 but tab and the line breaks, DEL,
 * C1) as U+FFFD, the replacement character.
 */
export const controls = (text: string): string => text.replace(controlCharacter, "\uFFFD")
