import * as Arbitrary from "effect/Arbitrary"
import * as Schema from "effect/Schema"

/** Pieces of text that break naive HTML: markup, references, quotes, comments, raw-text tags, CR and NUL. */
export const fragments = [
  "<script>alert(1)</script>",
  `"'><img src=x onerror=alert(1)>`,
  "</pre></code></li></ul></p>",
  "<em>",
  "</em>",
  "<b>bold</b>",
  "<EM>",
  "<em class=x>",
  "<!-- a comment -->",
  "<![CDATA[ x ]]>",
  "&amp;",
  "&lt;",
  "&#8212;",
  "&",
  "\r\n",
  "\r",
  "\n",
  "\0",
  "\u001b[2J\u001b]0;pwned\u0007",
  "\u009b31m",
  "\t",
  "javascript:alert(1)",
  "<textarea>",
  "<plaintext>",
  "<style>*{}</style>",
  "<svg><a xlink:href=javascript:alert(1)>",
  "' onmouseover='x",
  "\uD800",
  "\u0085",
  "\uFEFF"
] as const

/** Text of any code points at all: controls, NUL, CR, lone surrogates, astral characters. */
const anyCodePoints = Arbitrary.array(
  Arbitrary.schema(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 0x10ffff }))),
  {
    maxLength: 8
  }
).pipe(Arbitrary.map((points) => String.fromCodePoint(...points)))

/** A hostile string: fragments and arbitrary code points run together, never empty. */
export const hostileText: Arbitrary.Arbitrary<string> = Arbitrary.array(
  Arbitrary.all([Arbitrary.schema(Schema.Literals(fragments)), anyCodePoints]),
  { minLength: 1, maxLength: 4 }
).pipe(Arbitrary.map((pieces) => pieces.map(([fragment, text]) => fragment + text).join("")))

/** Control characters but tab, LF and CR; U+2028/2029; bidi controls and zero-width characters. */
const controls =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is what it is for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g

/** What a parser gives back for text that went through `Escape.html`: each control character but whitespace reads U+FFFD. */
export const asParsed = (text: string): string => text.replace(controls, "\uFFFD")
