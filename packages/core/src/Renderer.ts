/**
 * The Renderer contract: a renderer is a fold over a `Job.Snapshot` seen as a
 * tree of {@link Node}s, with one handler per node kind collected in a
 * {@link Handlers} record. A handler gets its node and a {@link State} that
 * renders children and carries the options, so a renderer is a record of small
 * functions, and a variant is the same record with one function replaced
 * ({@link extend}). `@jobscope/html` and `@jobscope/markdown` are renderers;
 * so is anything a third party writes against this module.
 *
 * @example
 * ```ts
 * import { Renderer } from "@jobscope/core"
 *
 * const lines = (parts: ReadonlyArray<string>) => parts.filter((part) => part !== "").join("\n")
 * const text = Renderer.make<string>({
 *   ...Renderer.passThrough(lines), // every node: its children, one per line
 *   snapshot: (node, state) => lines([`job ${node.snapshot.jobId}`, ...state.all(node)]),
 *   status: ({ task }) => `${task.label}: ${task.text}`,
 *   step: (node, state) => lines([`${"  ".repeat(state.depth)}- ${node.step.label} (${node.step.state})`, ...state.all(node)]),
 *   message: ({ text }) => `error: ${text}`,
 *   output: ({ output }) => `${output.label}${output.url === undefined ? "" : `: ${output.url}`}`
 * })
 * console.log(text(snapshot))
 * ```
 */
import type * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"
import type * as Job from "./Job.js"
import type * as Progress from "./Progress.js"

/** The whole job: the root of the tree. Children: one {@link TaskNode} per task. */
export interface SnapshotNode {
  readonly type: "snapshot"
  readonly snapshot: Job.Snapshot
}

/**
 * One task of the job. Children, each present only when the task has it:
 * status, progress, elapsed, message, warnings, outputs, log.
 */
export interface TaskNode {
  readonly type: "task"
  readonly task: Job.Task
}

/** The task's phase and the server's own code and text (`task.phase`, `task.code`, `task.text`). No children. */
export interface StatusNode {
  readonly type: "status"
  readonly task: Job.Task
}

/**
 * The task's progress report, present when the task has steps or a steps note.
 * Children: the note, then the top-level step list.
 */
export interface ProgressNode {
  readonly type: "progress"
  readonly task: Job.Task
}

/**
 * Text the server gave about the steps that is not one of them (`task.stepsNote`,
 * UKSSDC `PreProgress`). It may hold inline HTML; treat it as untrusted. No children.
 */
export interface NoteNode {
  readonly type: "note"
  readonly task: Job.Task
  readonly text: string
}

/**
 * A list of steps: the task's own (no `parent`), or the sub-steps of `parent`.
 * Children: one {@link StepNode} per step.
 */
export interface StepsNode {
  readonly type: "steps"
  readonly task: Job.Task
  readonly steps: Progress.Steps
  /** The step these are the sub-steps of; absent for the task's top-level list. */
  readonly parent?: Progress.Step
}

/** One step. Children: a {@link StepsNode} of its sub-steps, when it has any. */
export interface StepNode {
  readonly type: "step"
  readonly task: Job.Task
  readonly step: Progress.Step
}

/** How long the task has been running, by the server's count (`task.elapsed`). No children. */
export interface ElapsedNode {
  readonly type: "elapsed"
  readonly task: Job.Task
  readonly elapsed: Duration.Duration
}

/** Why the task failed or was rejected (`task.message`). No children. */
export interface MessageNode {
  readonly type: "message"
  readonly task: Job.Task
  readonly text: string
}

/** Warnings the server attached to the task (`task.warnings`, never empty here). No children. */
export interface WarningsNode {
  readonly type: "warnings"
  readonly task: Job.Task
  readonly warnings: ReadonlyArray<string>
}

/** What the task produced (`task.outputs`, never empty here). Children: one {@link OutputNode} per output. */
export interface OutputsNode {
  readonly type: "outputs"
  readonly task: Job.Task
  readonly outputs: ReadonlyArray<Job.Output>
}

/** One thing the task produced: a link, a typed value (position, windows, identifier), or both. No children. */
export interface OutputNode {
  readonly type: "output"
  readonly task: Job.Task
  readonly output: Job.Output
}

/** The task's log so far (`task.logs`). No children. */
export interface LogNode {
  readonly type: "log"
  readonly task: Job.Task
  readonly text: string
}

/** A node of the tree a renderer folds: the snapshot, or a part of one of its tasks. */
export type Node =
  | SnapshotNode
  | TaskNode
  | StatusNode
  | ProgressNode
  | NoteNode
  | StepsNode
  | StepNode
  | ElapsedNode
  | MessageNode
  | WarningsNode
  | OutputsNode
  | OutputNode
  | LogNode

/** The kinds of node, as their `type`. */
export type NodeType = Node["type"]

/** Every node kind, in the order they appear in a rendered task. */
export const nodeTypes: ReadonlyArray<NodeType> = [
  "snapshot",
  "task",
  "status",
  "progress",
  "note",
  "steps",
  "step",
  "elapsed",
  "message",
  "warnings",
  "outputs",
  "output",
  "log"
]

/**
 * What a handler gets besides its node: the options, the handlers in use, the
 * way to render other nodes (children, or nodes the handler makes itself), and
 * where in the tree it is.
 */
export interface State<Output, Options> {
  /** The options of this render, defaults merged with the caller's. */
  readonly options: Options
  /** The handlers in use, with every override applied. */
  readonly handlers: Handlers<Output, Options>
  /** The nodes from the root down to the one being rendered, inclusive. */
  readonly path: ReadonlyArray<Node>
  /** How many step lists enclose the node being rendered, counting itself if it is one (0 outside any). */
  readonly depth: number
  /** Renders one node with its handler. Throws {@link UnknownNodeError} when no handler has its type. */
  readonly render: (node: Node) => Output
  /** Renders the children of a node (see {@link children}), in order. */
  readonly all: (parent: Node) => ReadonlyArray<Output>
}

/** Renders one kind of node. */
export type Handler<N extends Node, Output, Options> = (node: N, state: State<Output, Options>) => Output

/** One handler per node kind: a complete renderer. */
export type Handlers<Output, Options> = {
  readonly [K in NodeType]: Handler<Extract<Node, { readonly type: K }>, Output, Options>
}

/**
 * Handlers to put over others: a record of some handlers, or a function of the
 * handlers so far (to wrap one rather than replace it).
 */
export type Extension<Output, Options> =
  | Overrides<Handlers<Output, Options>>
  | ((base: Handlers<Output, Options>) => Overrides<Handlers<Output, Options>>)

/** Some entries of a record; an entry that is absent or `undefined` keeps what was there. */
export type Overrides<Fields> = { readonly [K in keyof Fields]?: Fields[K] | undefined }

/** A node whose type no handler knows: a renderer built from an incomplete record, or a node made up by a handler. */
export class UnknownNodeError extends Schema.TaggedError<UnknownNodeError>()("UnknownNodeError", {
  /** The `type` of the node, as a string (`"undefined"` when it had none). */
  nodeType: Schema.String,
  message: Schema.String
}) {}

/**
 * The children of a node, in the order a task reads: a snapshot's tasks; a
 * task's status, progress, elapsed time, message, warnings, outputs and log
 * (each only when the task has it); a task's outputs; a progress report's note and top-level step list; a
 * step list's steps; a step's list of sub-steps. Other nodes have none.
 */
export const children = (node: Node): ReadonlyArray<Node> => {
  switch (node.type) {
    case "snapshot":
      return node.snapshot.tasks.map((task): TaskNode => ({ type: "task", task }))
    case "task": {
      const task = node.task
      const nodes: Array<Node> = [{ type: "status", task }]
      if (task.steps !== undefined || task.stepsNote !== undefined) nodes.push({ type: "progress", task })
      if (task.elapsed !== undefined) nodes.push({ type: "elapsed", task, elapsed: task.elapsed })
      if (task.message !== undefined) nodes.push({ type: "message", task, text: task.message })
      if (task.warnings !== undefined && task.warnings.length > 0) {
        nodes.push({ type: "warnings", task, warnings: task.warnings })
      }
      if (task.outputs !== undefined && task.outputs.length > 0) {
        nodes.push({ type: "outputs", task, outputs: task.outputs })
      }
      if (task.logs !== undefined) nodes.push({ type: "log", task, text: task.logs })
      return nodes
    }
    case "outputs":
      return node.outputs.map((output): OutputNode => ({ type: "output", task: node.task, output }))
    case "progress": {
      const task = node.task
      const nodes: Array<Node> = []
      if (task.stepsNote !== undefined) nodes.push({ type: "note", task, text: task.stepsNote })
      if (task.steps !== undefined) nodes.push({ type: "steps", task, steps: task.steps })
      return nodes
    }
    case "steps":
      return node.steps.map((step): StepNode => ({ type: "step", task: node.task, step }))
    case "step":
      return node.step.children.length === 0
        ? []
        : [{ type: "steps", task: node.task, steps: node.step.children, parent: node.step }]
    default:
      return []
  }
}

/**
 * Handlers that render every node as its children combined, and a node
 * without children as `combine([])`: the structure of a renderer, so that a
 * custom one writes only the handlers whose nodes it shows.
 *
 * @example
 * ```ts
 * const lines = (parts: ReadonlyArray<string>) => parts.filter((part) => part !== "").join("\n")
 * const statusLines = Renderer.make<string>({
 *   ...Renderer.passThrough(lines),
 *   status: ({ task }) => `${task.label}: ${task.text}`
 * })
 * ```
 */
export const passThrough = <Output, Options = {}>(
  combine: (parts: ReadonlyArray<Output>) => Output
): Handlers<Output, Options> => {
  const handler = (node: Node, state: State<Output, Options>): Output => combine(state.all(node))
  return Object.fromEntries(nodeTypes.map((type) => [type, handler])) as unknown as Handlers<Output, Options>
}

/** The root node of a snapshot. */
export const root = (snapshot: Job.Snapshot): SnapshotNode => ({ type: "snapshot", snapshot })

const describeType = (node: unknown): string =>
  typeof node === "object" && node !== null && "type" in node ? String(node.type) : "undefined"

const unknownNode = (node: unknown): UnknownNodeError => {
  const type = describeType(node)
  return new UnknownNodeError({
    nodeType: type,
    message: `no handler for a node of type "${type}"; a renderer needs one for each of: ${nodeTypes.join(", ")}`
  })
}

type Table<Output, Options> = { readonly [type: string]: Handler<Node, Output, Options> | undefined }

const tables = new WeakMap<object, object>()

/**
 * The handlers as a record without a prototype, so that a node whose type is
 * `constructor` or `__proto__` finds no handler; made once per handlers record
 * (which is read-only, so it cannot go stale).
 */
const lookupTable = <Output, Options>(handlers: Handlers<Output, Options>): Table<Output, Options> => {
  let table = tables.get(handlers)
  if (table === undefined) {
    table = Object.assign(Object.create(null), handlers) as object
    tables.set(handlers, table)
  }
  return table as Table<Output, Options>
}

/**
 * Renders a node (a snapshot is rendered from its root) with a complete set of
 * handlers. Throws {@link UnknownNodeError} if it meets a node no handler knows.
 */
export const render = <Output, Options>(
  handlers: Handlers<Output, Options>,
  input: Job.Snapshot | Node,
  options: Options
): Output => {
  const table = lookupTable(handlers)
  // A plain data property, not a getter: an object literal with an accessor is
  // built on V8's slow path, and would cost more than the rest of a render.
  const state: { -readonly [K in keyof State<Output, Options>]: State<Output, Options>[K] } = {
    options,
    handlers,
    path: [],
    depth: 0,
    render: (node) => {
      const handler = typeof node === "object" && node !== null ? table[node.type] : undefined
      if (typeof handler !== "function") throw unknownNode(node)
      const list = node.type === "steps"
      const path = state.path as Array<Node>
      path.push(node)
      if (list) state.depth++
      try {
        return handler(node, state)
      } finally {
        if (list) state.depth--
        path.pop()
      }
    },
    all: (parent) => {
      const nodes = children(parent)
      const outputs: Array<Output> = new Array(nodes.length)
      for (let index = 0; index < nodes.length; index++) outputs[index] = state.render(nodes[index]!)
      return outputs
    }
  }
  return state.render("type" in input ? input : root(input))
}

/**
 * Puts extensions over a complete set of handlers, in order: each one's
 * handlers replace those before them, and a function extension sees the
 * handlers so far (to wrap one). Absent or `undefined` entries keep what was there.
 *
 * @example
 * ```ts
 * import { Legacy } from "@jobscope/html"
 *
 * const shouty = Renderer.extend(Legacy.handlers, (base) => ({
 *   status: (node, state) => base.status(node, state).toUpperCase()
 * }))
 * ```
 */
export const extend = <Output, Options>(
  base: Handlers<Output, Options>,
  ...extensions: ReadonlyArray<Extension<Output, Options>>
): Handlers<Output, Options> => {
  let handlers = base
  for (const extension of extensions) {
    const overrides = typeof extension === "function" ? extension(handlers) : extension
    const merged: Record<string, unknown> = { ...handlers }
    for (const [type, handler] of Object.entries(overrides)) if (handler !== undefined) merged[type] = handler
    handlers = merged as Handlers<Output, Options>
  }
  return handlers
}

/** A renderer: a function from a snapshot (or any node) and some options to an output. */
export interface Renderer<Output, Options> {
  (input: Job.Snapshot | Node, options?: Overrides<Options>): Output
  /** The handlers it renders with, to {@link extend} into a variant. */
  readonly handlers: Handlers<Output, Options>
  /** The options it uses where the caller gives none. */
  readonly defaults: Options
}

/**
 * Makes a renderer from a complete set of handlers and default options; the
 * options a caller passes are merged over the defaults (`undefined` keeps the default).
 *
 * @example
 * ```ts
 * const csv = Renderer.make<string>({ ...handlers })
 * csv(snapshot)
 * const terse = Renderer.make(Renderer.extend(csv.handlers, { log: () => "" }))
 * ```
 */
export const make = <Output, Options extends object = {}>(
  handlers: Handlers<Output, Options>,
  ...[defaults]: {} extends Options ? [defaults?: Options] : [defaults: Options]
): Renderer<Output, Options> => {
  const base = (defaults ?? {}) as Options
  const renderer = (input: Job.Snapshot | Node, options?: Overrides<Options>): Output => {
    if (options === undefined) return render(handlers, input, base)
    const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) }
    for (const [key, value] of Object.entries(options)) if (value !== undefined) merged[key] = value
    return render(handlers, input, merged as Options)
  }
  return Object.assign(renderer, { handlers, defaults: base })
}
