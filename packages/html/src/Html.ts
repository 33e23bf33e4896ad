/**
 * Renders a `Job.Snapshot` (UKSSDC, TOO, TOM or any source mapped onto the
 * job model) as an HTML fragment, in one of two modes: `legacy`, the markup of
 * the UKSSDC statusCheck.js made safe, or `semantic`, class-based and
 * accessible markup to style with `Stylesheet.css`.
 *
 * @example
 * ```ts
 * import { Html } from "@jobscope/html"
 *
 * element.innerHTML = Html.render(snapshot, { mode: "semantic" })
 * ```
 */
import { type Job, Renderer } from "@jobscope/core"
import * as Legacy from "./Legacy.js"
import * as Semantic from "./Semantic.js"

/** Which markup to write. */
export type Mode = "legacy" | "semantic"

/** Options of the HTML renderers. */
export interface Options {
  /** Which markup `render` writes: `legacy` or `semantic` (default: `"semantic"`). */
  readonly mode: Mode
  /** The heading level of a job's title in semantic mode, 1–5; its tasks' titles are one below (default: 2). */
  readonly headingLevel: number
}

/** The options used where a caller gives none. */
export const defaults: Options = { mode: "semantic", headingLevel: 2 }

/** The legacy-mode renderer: the statusCheck.js markup, escaped. */
export const legacy: Renderer.Renderer<string, Options> = Renderer.make(Legacy.handlers, defaults)

/** The semantic-mode renderer: class names, headings, `<progress>`, states in words. */
export const semantic: Renderer.Renderer<string, Options> = Renderer.make(Semantic.handlers, defaults)

/** The handlers of a mode, to extend with `Renderer.extend`. */
export const handlersOf = (mode: Mode): Renderer.Handlers<string, Options> =>
  mode === "legacy" ? Legacy.handlers : Semantic.handlers

/**
 * Renders a snapshot (or any node of one) as an HTML fragment in the mode the
 * options name. Everything the server sent is escaped.
 */
export const render = (input: Job.Snapshot | Renderer.Node, options?: Renderer.Overrides<Options>): string =>
  (options?.mode === "legacy" ? legacy : semantic)(input, options)
