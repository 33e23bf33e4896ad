import { expect } from "@effect/vitest"
import type { Job, Progress } from "@jobscope/core"
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

const knownSources = ["ukssdc", "too", "tom"]

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
const expectTask = (blocks: ReadonlyArray<MdNode>, task: Job.Task, icons: boolean): void => {
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
  if (task.logs !== undefined) {
    expect(shown(next("paragraph"))).toBe("Log:")
    expect(next("code").value).toBe(verbatim(task.logs))
  }
  expect(queue.map((block) => block.type)).toEqual([])
}

/**
 * Parses a report the way GitHub would and checks it against the snapshot: no
 * HTML, link or image anywhere; a heading for the job and one per task; the
 * summary table; each task's status, steps, error, warnings and log, with the
 * server's text shown as it was sent.
 */
export const expectReport = (snapshot: Job.Snapshot, markdown: string, options: Markdown.Options): void => {
  const root = parse(markdown)
  expect(
    nodes(root)
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
  expect(title.endsWith(`job ${oneLine(snapshot.jobId)}${label === "" ? "" : `: ${label}`}`.trimEnd())).toBe(
    true
  )
  if (!knownSources.includes(snapshot.source)) expect(title).toContain(oneLine(snapshot.source))

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
      options.icons
    )
  })
}
