/**
 * Fenced code blocks for text shown verbatim, such as a TOM pipeline's log:
 * the fence is a run of backticks longer than any inside the text, so no line
 * of the text can close it.
 *
 * @example
 * ```ts
 * import { Fence } from "@jobscope/markdown"
 *
 * Fence.block("a ``` b\n") // "````text\na ``` b\n````"
 * ```
 */
import { Scrub } from "@jobscope/core"
import { longestBacktickRun } from "./internal/backticks.js"

/**
 * The text as the block shows it: `\r\n` and `\r` read as line breaks,
 * control characters (ESC, BEL, NUL…; not tab) as U+FFFD, one final line break dropped.
 */
const shown = (text: string): string => Scrub.controls(text.replace(/\r\n?/g, "\n")).replace(/\n$/, "")

/** Options of {@link block}. */
export interface BlockOptions {
  /** The info string after the opening fence, naming the content's language (default: "text"). */
  readonly info?: string
  /** Put before every line, to place the block inside a list item (default: ""). */
  readonly indent?: string
}

/**
 * A fenced code block showing `text` verbatim. The `info` string must not
 * contain a backtick or a line break (it is ours, not the server's).
 */
export const block = (text: string, options: BlockOptions = {}): string => {
  const { info = "text", indent = "" } = options
  const body = shown(text)
  const fence = "`".repeat(Math.max(3, longestBacktickRun(body) + 1))
  const lines = body === "" ? [] : body.split("\n")
  return [`${fence}${info}`, ...lines, fence].map((line) => indent + line).join("\n")
}
