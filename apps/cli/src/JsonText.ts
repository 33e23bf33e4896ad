/**
 * JSON for output that a terminal or a line-based reader cannot be fooled
 * by: `JSON.stringify` escapes C0 controls (ESC becomes `\u001b`) but leaves
 * raw C1 controls (U+0080–U+009F: the 8-bit CSI and OSC of some terminals),
 * U+2028/U+2029 (line breaks to JavaScript) and the invisible characters that
 * reorder or hide text. Those are written as `\uXXXX` escapes here: the same
 * JSON value, made of harmless characters.
 */

const unsafe = /[\u0080-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g

const escaped = (character: string): string => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`

/** `JSON.stringify`, every unsafe character escaped. */
export const stringify = (value: unknown, indent?: number): string =>
  JSON.stringify(value, null, indent).replace(unsafe, escaped)
