/**
 * Renders a `Job.Snapshot` (UKSSDC, TOO, TOM or any source mapped onto the
 * job model) as an HTML fragment, in one of two modes: `legacy`, the markup of
 * the UKSSDC statusCheck.js made safe, or `semantic`, class-based and
 * accessible markup to style with `Stylesheet.css`.
 *
 * `render` is a `Renderer` whose {@link defaultHandlers} write either mode,
 * by the `mode` option: extend them to change one node kind in both modes.
 *
 * @example
 * ```ts
 * import { Renderer } from "@jobscope/core"
 * import { Html } from "@jobscope/html"
 *
 * element.innerHTML = Html.render(snapshot, { mode: "semantic" })
 * const noLogs = Renderer.make(Renderer.extend(Html.defaultHandlers, { log: () => "" }), Html.defaults)
 * ```
 */
import { type Clock, type Job, KnownSources, Renderer, type Source } from "@jobscope/core"
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
  /** The Sources that name a job by its snapshot's `source` id (default: `KnownSources.registry`). */
  readonly sources: Source.Registry
  /**
   * The clock the server's times are on (a task's start and end, a window),
   * said next to them: `"simulator"` for a jobscope simulator (default: `"server"`).
   * When the page was made is always said to be on your clock.
   */
  readonly serverClock: Clock.Clock
}

/** The options used where a caller gives none. */
export const defaults: Options = {
  mode: "semantic",
  headingLevel: 2,
  sources: KnownSources.registry,
  serverClock: "server"
}

/** The legacy-mode renderer: the statusCheck.js markup, escaped. */
export const legacy: Renderer.Renderer<string, Options> = Renderer.make(Legacy.handlers, defaults)

/** The semantic-mode renderer: class names, headings, `<progress>`, states in words. */
export const semantic: Renderer.Renderer<string, Options> = Renderer.make(Semantic.handlers, defaults)

/** The handlers of a mode, to extend with `Renderer.extend`. */
export const handlersOf = (mode: Mode): Renderer.Handlers<string, Options> =>
  mode === "legacy" ? Legacy.handlers : Semantic.handlers

/**
 * Handlers that write the mode the options name: each node goes to the
 * `legacy` or the `semantic` handler of its kind. Extend them to replace a
 * node kind in both modes at once.
 */
export const defaultHandlers: Renderer.Handlers<string, Options> = Object.fromEntries(
  Renderer.nodeTypes.map((type) => [
    type,
    (node: Renderer.Node, state: Renderer.State<string, Options>): string => {
      const handlers = (state.options.mode === "legacy"
        ? Legacy.handlers
        : Semantic.handlers) as unknown as Record<string, Renderer.Handler<Renderer.Node, string, Options>>
      return handlers[type]!(node, state)
    }
  ])
) as unknown as Renderer.Handlers<string, Options>

/**
 * Renders a snapshot (or any node of one) as an HTML fragment in the mode the
 * options name (default: semantic). Everything the server sent is escaped.
 * Its `handlers` are {@link defaultHandlers}; it renders with the named mode's
 * own, which write the same, so that the default render pays for no dispatch.
 */
export const render: Renderer.Renderer<string, Options> = Object.assign(
  (input: Job.Snapshot | Renderer.Node, options?: Renderer.Overrides<Options>): string =>
    (options?.mode === "legacy" ? legacy : semantic)(input, options),
  { handlers: defaultHandlers, defaults }
)
