/**
 * Control characters in text from a server. A reader never gets them as they
 * are: in a terminal, where a report is often printed, ESC and the 8-bit CSI
 * start escape sequences (colours, cursor moves, a window title), BEL rings
 * and BS overwrites what was shown. NUL is among them, as CommonMark reads
 * it. Tab and the line breaks are not: they are text.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is what it is for
const controlCharacter = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g

/** `text` with each control character (but tab and line breaks) as U+FFFD, the replacement character. */
export const replaceControls = (text: string): string => text.replace(controlCharacter, "\uFFFD")
