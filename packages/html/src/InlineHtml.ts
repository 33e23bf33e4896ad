/**
 * The little HTML a server may put in free text (the UKSSDC `PreProgress`,
 * such as `Trying using the <em>v,b,white</em> filters:`): a few inline tags
 * without attributes are kept, everything else is shown as the text it is.
 *
 * @example
 * ```ts
 * import { InlineHtml } from "@jobscope/html"
 *
 * InlineHtml.sanitize(`Using <em>v</em> <a href="javascript:x">here</a>`)
 * // "Using <em>v</em> &lt;a href=&quot;javascript:x&quot;&gt;here&lt;/a&gt;"
 * ```
 */
import * as Escape from "./Escape.js"

/** The tags kept, each only in its exact lower-case form with no attributes: `<em>` and `</em>`. */
export const allowedTags = ["em", "strong", "b", "i", "code", "sub", "sup"] as const

/** One of {@link allowedTags}. */
export type AllowedTag = (typeof allowedTags)[number]

/** How deeply kept tags may nest; a tag opened deeper is shown as text. */
export const maxNesting = 16

const tagPattern = new RegExp(`<(/?)(${allowedTags.join("|")})>`, "g")

/**
 * Keeps the {@link allowedTags} of `text` as markup and escapes all the rest.
 * Tags are kept balanced: a closing tag that does not close the innermost open
 * one is shown as text, and tags left open are closed at the end, so the
 * markup can never reach past the text it came in.
 */
export const sanitize = (text: string): string => {
  if (!text.includes("<")) return Escape.html(text)
  const open: Array<string> = []
  let out = ""
  let from = 0
  for (const match of text.matchAll(tagPattern)) {
    const [tag, slash, name] = match as unknown as [string, string, AllowedTag]
    let kept = false
    if (slash === "") {
      if (open.length < maxNesting) {
        open.push(name)
        kept = true
      }
    } else if (open[open.length - 1] === name) {
      open.pop()
      kept = true
    }
    out += Escape.html(text.slice(from, match.index)) + (kept ? tag : Escape.html(tag))
    from = match.index + tag.length
  }
  out += Escape.html(text.slice(from))
  for (let index = open.length - 1; index >= 0; index--) out += `</${open[index]}>`
  return out
}
