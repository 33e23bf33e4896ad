import { Elapsed, Eta, Progress, Renderer } from "@jobscope/core"

/** How the CSV is written. */
export interface Options {
  /** The character between cells; ";" suits spreadsheets in locales with a decimal comma (default: ","). */
  readonly delimiter: "," | ";" | "\t"
  /** Whether the first row names the columns (default: true). */
  readonly header: boolean
  /** Whether a cell a spreadsheet would run as a formula gets a leading `'` (default: true). */
  readonly guardFormulas: boolean
}

/** The options used where a caller gives none. */
export const defaults: Options = { delimiter: ",", header: true, guardFormulas: true }

/** The columns, in order: one row per status, progress summary, step, note, running time, message, warning, output or log. */
export const columns = ["job", "task", "row", "step", "state", "code", "text", "done", "total"] as const

/** The cells of one row, by column; a missing cell is empty. */
export type Cells = { readonly [column in (typeof columns)[number]]?: string | number | null | undefined }

const formula = /^[=+\-@\t\r]/
const number = /^[+-]?\d+(\.\d+)?$/

/**
 * One value as a CSV cell (RFC 4180): quoted when it holds the delimiter, a
 * quote or a line break, quotes doubled. Text a spreadsheet would read as a
 * formula (`=`, `+`, `-`, `@`, tab or CR first) gets a leading `'`, unless it
 * is a plain number such as the UKSSDC status code -3.
 */
export const cell = (value: string, options: Options): string => {
  const text = options.guardFormulas && formula.test(value) && !number.test(value) ? `'${value}` : value
  return text.includes(options.delimiter) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** One CSV line, ended by CRLF as RFC 4180 has it. */
const line = (values: ReadonlyArray<string>, options: Options): string =>
  `${values.map((value) => cell(value, options)).join(options.delimiter)}\r\n`

/** A row about `task`, the id of the job being rendered first. */
const row = (state: Renderer.State<string, Options>, task: { readonly id: string }, cells: Cells): string => {
  const root = state.path[0]
  const all: Cells = { job: root?.type === "snapshot" ? root.snapshot.jobId : "", task: task.id, ...cells }
  return line(
    columns.map((column) => String(all[column] ?? "")),
    state.options
  )
}

/** The rows of a node's children, in order. */
const rows = (node: Renderer.Node, state: Renderer.State<string, Options>): string => state.all(node).join("")

/** Every node as the rows of its children: the structure, over which the handlers below write rows. */
const structure = Renderer.passThrough<string, Options>((parts) => parts.join(""))

/** The labels of the steps from the top down to the one being rendered. */
const stepPath = (state: Renderer.State<string, Options>): string =>
  state.path.flatMap((node) => (node.type === "step" ? [node.step.label] : [])).join(" / ")

/** A handler for every node kind: the structure's, and one for each kind that writes a row. */
export const handlers: Renderer.Handlers<string, Options> = {
  ...structure,
  snapshot: (node, state) => (state.options.header ? line(columns, state.options) : "") + rows(node, state),
  status: ({ task }, state) =>
    row(state, task, { row: "status", state: task.phase, code: task.code, text: task.text }),
  progress: (node, state) => {
    const { done, total } = Progress.counts(node.task.steps ?? [])
    return row(state, node.task, { row: "progress", done, total }) + rows(node, state)
  },
  // The note may hold the server's inline HTML (UKSSDC PreProgress): a spreadsheet wants its text.
  note: ({ task, text }, state) => row(state, task, { row: "note", text: text.replace(/<[^>]*>/g, "") }),
  step: (node, state) => {
    const { state: at, extra, counter } = node.step
    const cells: Cells = { row: "step", step: stepPath(state), state: at, text: extra }
    const count: Cells = { done: counter?.current, total: counter?.total }
    return row(state, node.task, { ...cells, ...count }) + rows(node, state)
  },
  elapsed: ({ task, elapsed }, state) => row(state, task, { row: "elapsed", text: Elapsed.format(elapsed) }),
  message: ({ task, text }, state) => row(state, task, { row: "message", text }),
  warnings: ({ task, warnings }, state) =>
    warnings.map((warning) => row(state, task, { row: "warning", text: warning })).join(""),
  output: ({ task, output }, state) =>
    row(state, task, {
      row: "output",
      text: output.url === undefined ? output.label : `${output.label} ${output.url}`
    }),
  log: ({ task, text }, state) => row(state, task, { row: "log", text })
}

/** Renders a snapshot as CSV: `csv(snapshot)`, `csv(snapshot, { delimiter: ";" })`. */
export const csv = Renderer.make(handlers, defaults)

/** A variant with one handler wrapped: after each status row, the task's estimated time left, when it has one. */
export const csvWithEta = Renderer.make(
  Renderer.extend(csv.handlers, (base) => ({
    status: (node, state) => {
      const root = state.path[0]
      const eta = root?.type === "snapshot" ? Eta.ofTask(node.task, root.snapshot.observedAt) : undefined
      const etaRow = eta === undefined ? "" : row(state, node.task, { row: "eta", text: Elapsed.format(eta) })
      return base.status(node, state) + etaRow
    }
  })),
  csv.defaults
)

/** A variant with one handler replaced: no logs. */
export const csvWithoutLogs = Renderer.make(Renderer.extend(csv.handlers, { log: () => "" }), csv.defaults)

/**
 * A renderer of its own that overrides one handler: what a job produced, one
 * line per output (a link, a position, windows, an id), and nothing else.
 */
export const produced = Renderer.make<string>({
  ...Renderer.passThrough((parts) => parts.filter((part) => part !== "").join("\n")),
  output: ({ task, output }) =>
    `${task.label}: ${output.label}${output.url === undefined ? "" : ` <${output.url}>`}${
      output.value?._tag === "Identifier" ? ` ${output.value.value}` : ""
    }`
})
