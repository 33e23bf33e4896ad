import { expect } from "@effect/vitest"
import { Coordinates, Href, type Job, type Progress } from "@jobscope/core"
import { InlineHtml, type Markdown } from "@jobscope/markdown"
import {
  activeTypes,
  byLine,
  childrenOf,
  type MdNode,
  nodes,
  oneLine,
  parse,
  shown,
  verbatim
} from "./mdast.js"

/** Checks a step list against the steps: one item per step, its checkbox, bold when active, label and extra text. */
const expectSteps = (list: MdNode | undefined, steps: Progress.Steps): void => {
  expect(list?.type).toBe("list")
  expect(list?.ordered).toBe(false)
  const items = childrenOf(list)
  expect(items).toHaveLength(steps.length)
  steps.forEach((step, index) => {
    const item = items[index]!
    expect(item.checked).toBe(step.state === "done")
    const [paragraph, sublist, ...rest] = childrenOf(item)
    expect(paragraph?.type).toBe("paragraph")
    expect(rest).toEqual([])
    const label = oneLine(step.label) || "(no label)"
    const extra =
      step.extra !== undefined
        ? oneLine(step.extra)
        : step.counter === undefined
          ? ""
          : `${step.counter.current} of ${step.counter.total}`
    expect(shown(paragraph!)).toBe(extra === "" ? label : `${label} — ${extra}`)
    const first = childrenOf(paragraph)[0]
    if (step.state === "active") {
      expect(first?.type).toBe("strong")
      expect(shown(first!)).toBe(label)
    } else expect(first?.type).not.toBe("strong")
    if (step.children.length === 0) expect(sublist).toBeUndefined()
    else expectSteps(sublist, step.children)
  })
}

/** Checks the blocks of one task's section, in the order the renderer writes them. */
const expectTask = (
  blocks: ReadonlyArray<MdNode>,
  task: Job.Task,
  icons: boolean,
  base: string | undefined
): void => {
  const queue = [...blocks]
  const next = (type: string): MdNode => {
    const block = queue.shift()
    expect(block?.type).toBe(type)
    return block!
  }
  const status = shown(next("paragraph"))
  expect(status).toContain(oneLine(task.text))
  expect(status).toContain(task.phase)
  if (task.url !== undefined && oneLine(task.url) !== "")
    expect(status).toContain(`page: ${oneLine(task.url)}`)
  const steps = task.steps ?? []
  if (steps.length > 0) expect(shown(next("paragraph"))).toMatch(/^Steps: \d+ of \d+ done \(\d+%\)$/)
  if (task.stepsNote !== undefined && InlineHtml.toMarkdown(task.stepsNote) !== "") next("paragraph")
  if (steps.length > 0) expectSteps(next("list"), steps)
  if (task.elapsed !== undefined) expect(shown(next("paragraph"))).toMatch(/^Running time: /)
  if (task.message !== undefined)
    expect(shown(next("paragraph"))).toBe(`Error: ${byLine(task.message)}`.trimEnd())
  if (task.warnings !== undefined && task.warnings.length > 0) {
    expect(shown(next("paragraph"))).toBe(icons ? "⚠️ Warnings:" : "Warnings:")
    const items = childrenOf(next("list"))
    expect(items.map(shown)).toEqual(task.warnings.map(byLine))
  }
  const outputs = task.outputs ?? []
  if (outputs.length > 0) {
    expect(shown(next("paragraph"))).toBe("Outputs:")
    const items = childrenOf(next("list"))
    expect(items).toHaveLength(outputs.length)
    outputs.forEach((output, index) => {
      const [first, ...more] = childrenOf(items[index])
      const line = shown(first!)
      const label = oneLine(output.label) || "(unnamed output)"
      expect(line.startsWith(label), `${JSON.stringify(line)} names ${JSON.stringify(label)}`).toBe(true)
      const link = childrenOf(first).find((node) => node.type === "link")
      const href = output.url === undefined ? undefined : Href.resolve(output.url, base)
      // A link only where it works wherever the report is read; any other URL is shown as text.
      // `<` and `>` are percent-encoded in a destination, as a browser would send them anyway.
      expect(link?.url).toBe(href?.replace(/</g, "%3C").replace(/>/g, "%3E"))
      if (href === undefined && output.url !== undefined && oneLine(output.url) !== "")
        expect(line).toContain(oneLine(output.url))
      const value = output.value
      if (value?._tag === "Position") expect(line).toContain(Coordinates.format(value))
      if (value?._tag === "Identifier") expect(line).toContain(oneLine(value.value) || "(none)")
      if (value?._tag === "Windows" && value.windows.length > 0) {
        expect(more.map((node) => node.type)).toEqual(["table"])
        expect(childrenOf(more[0])).toHaveLength(value.windows.length + 1)
      } else expect(more).toEqual([])
    })
  }
  if (task.logs !== undefined) {
    expect(shown(next("paragraph"))).toBe("Log:")
    expect(next("code").value).toBe(verbatim(task.logs))
  }
  expect(queue.map((block) => block.type)).toEqual([])
}

/**
 * Parses a report the way GitHub would and checks it against the snapshot: no
 * HTML or image anywhere, and no link but to an output, to an absolute http(s) URL; a heading for the job and one per task; the
 * summary table; each task's status, steps, error, warnings and log, with the
 * server's text shown as it was sent.
 */
export const expectReport = (snapshot: Job.Snapshot, markdown: string, options: Markdown.Options): void => {
  const root = parse(markdown)
  expect(
    nodes(root)
      .filter((node) => !(node.type === "link" && /^https?:\/\/[^/?#\\]/i.test(node.url ?? "")))
      .map((node) => node.type)
      .filter((type) => activeTypes.includes(type))
  ).toEqual([])
  const blocks = childrenOf(root)
  const level = options.headingLevel
  const headings = blocks.flatMap((block, index) => (block.type === "heading" ? [index] : []))
  expect(headings.map((index) => blocks[index]!.depth)).toEqual([
    level,
    ...snapshot.tasks.map(() => level + 1)
  ])

  const title = shown(blocks[0]!)
  const label = snapshot.label === undefined ? "" : oneLine(snapshot.label)
  // Titled by the job's Source: "UKSSDC job 1", "TOM pipeline 52", "<id> job <jobId>" for an unknown one.
  const described = oneLine(options.sources.get(snapshot.source).describeJob(snapshot.jobId))
  expect(title.endsWith(`${described}${label === "" ? "" : `: ${label}`}`.trimEnd())).toBe(true)

  const about = blocks[1]!
  expect(about.type).toBe("paragraph")
  if (snapshot.url !== undefined && oneLine(snapshot.url) !== "") {
    expect(shown(about)).toContain(`page: ${oneLine(snapshot.url)}`)
  }

  const tableAt = options.summary && snapshot.tasks.length > 0 ? 2 : -1
  if (tableAt !== -1) {
    const table = blocks[tableAt]!
    expect(table.type).toBe("table")
    const rows = childrenOf(table).map((row) => childrenOf(row).map(shown))
    expect(rows).toHaveLength(snapshot.tasks.length + 1)
    snapshot.tasks.forEach((task, index) => {
      const cells = rows[index + 1]!
      expect(cells).toHaveLength(5)
      expect([cells[0], cells[2]]).toEqual([oneLine(task.label) || "(unnamed task)", oneLine(task.text)])
    })
  }
  expect(headings[0]).toBe(0)
  expect(headings[1] ?? blocks.length).toBe(tableAt === -1 ? 2 : 3)

  snapshot.tasks.forEach((task, index) => {
    const heading = blocks[headings[index + 1]!]!
    expect(shown(heading)).toBe(oneLine(task.label) || "(unnamed task)")
    expectTask(
      blocks.slice(headings[index + 1]! + 1, headings[index + 2] ?? blocks.length),
      task,
      options.icons,
      snapshot.url
    )
  })
}
