import { describe, expect, it } from "@effect/vitest"
import { Href, Job, Progress } from "@jobscope/core"
import { Html, InlineHtml } from "@jobscope/html"
import * as Arbitrary from "effect/Arbitrary"
import { asParsed, hostileText } from "./hostileText.js"
import { type Parsed, parse } from "./parsed.js"

const inline = InlineHtml.allowedTags

/** The elements and attributes each mode writes, and nothing else may come out of a parser. */
const emitted = {
  legacy: {
    elements: new Set(["code", "p", "ul", "li", "strong", "span", "pre", "a", ...inline]),
    attributes: new Set(["title", "style", "href"])
  },
  semantic: {
    elements: new Set([
      ...["section", "article", "div", "p", "ul", "li", "span", "code", "time", "a", "progress"],
      ...["figure", "figcaption", "caption", "pre", "h2", "h3", ...inline],
      ...["table", "thead", "tbody", "tr", "th", "td"]
    ]),
    attributes: new Set([
      "class",
      "href",
      "type",
      "scope",
      "datetime",
      "aria-label",
      "aria-current",
      "max",
      "value"
    ])
  }
} as const

/** Steps of every state, nested, for tasks the arbitrary snapshot gave none. */
const someSteps: Progress.Steps = [
  Progress.make("done", "done"),
  Progress.make("active", "active", {
    children: [
      Progress.make("done", "done"),
      Progress.make("active", "active"),
      Progress.make("pending", "pending")
    ]
  }),
  Progress.make("pending", "pending")
]

/**
 * A snapshot with a hostile string in every text field, every optional one
 * filled in: each task has steps (with extra text), a note, a message,
 * warnings, a log and a URL; every other task is running with code 3, so that
 * the legacy mode shows its progress.
 */
const hostileSnapshot = Arbitrary.all([
  Arbitrary.schema(Job.Snapshot),
  Arbitrary.array(hostileText, { minLength: 1 })
]).pipe(
  Arbitrary.map(([snapshot, texts]): Job.Snapshot => {
    let next = 0
    const text = () => texts[next++ % texts.length]! + String(next)
    const step = (each: Progress.Step): Progress.Step => ({
      ...each,
      label: text(),
      extra: text(),
      children: each.children.map(step)
    })
    return {
      ...snapshot,
      source: text(),
      jobId: text(),
      label: text(),
      url: text(),
      tasks: snapshot.tasks.map((task, index) => ({
        ...task,
        id: `${text()}#${index}`,
        label: text(),
        text: text(),
        code: index % 2 === 0 ? 3 : typeof task.code === "string" ? text() : task.code,
        steps: (task.steps === undefined || task.steps.length === 0 ? someSteps : task.steps).map(step),
        stepsNote: text(),
        logs: text(),
        message: text(),
        warnings: [text(), ...(task.warnings ?? []).map(text)],
        url: text(),
        outputs: [
          { id: "link", label: text(), url: text(), mediaType: text() },
          { id: "archive", label: text(), url: `https://archive.example.org/${next}.tar.gz` },
          { id: "script", label: text(), url: `javascript:alert(${next})` },
          { id: "tabbed", label: text(), url: `java\tscript:alert(${next})` },
          { id: "relative", label: text(), url: `/products/${text()}` },
          { id: "id", label: text(), value: { _tag: "Identifier", value: text() } },
          ...(task.outputs ?? []).map((output, at) => ({ ...output, id: `arbitrary ${at}`, label: text() }))
        ]
      }))
    }
  })
)

const allSteps = (steps: Progress.Steps): ReadonlyArray<Progress.Step> =>
  steps.flatMap((step) => [step, ...allSteps(step.children)])

/** The server strings of a task's outputs that show as text: labels, identifiers, and URLs that are not links. */
const outputTexts = (snapshot: Job.Snapshot, task: Job.Task): ReadonlyArray<string> =>
  (task.outputs ?? []).flatMap((output) => [
    output.label,
    ...(output.url !== undefined && Href.resolve(output.url, snapshot.url) === undefined ? [output.url] : []),
    ...(output.value?._tag === "Identifier" ? [output.value.value] : [])
  ])

/** Whether statusCheck.js shows a task's progress: its code, read with parseInt, is 1–3. */
const legacyShowsProgress = (task: Job.Task): boolean => {
  const code = Number.parseInt(String(task.code), 10)
  return code >= 1 && code <= 3
}

/** The server strings each mode shows as text (the steps note aside: it may keep some markup). */
const shown = (snapshot: Job.Snapshot, mode: Html.Mode): ReadonlyArray<string> =>
  mode === "legacy"
    ? snapshot.tasks.flatMap((task) => [
        task.id,
        task.text,
        ...(legacyShowsProgress(task)
          ? allSteps(task.steps ?? []).flatMap((step) => [
              step.label,
              // statusCheck.js shows a step's extra text only while the step is active.
              ...(step.extra === undefined || step.state !== "active" ? [] : [step.extra])
            ])
          : []),
        ...(task.message === undefined ? [] : [task.message]),
        ...(task.warnings ?? []),
        ...outputTexts(snapshot, task),
        ...(task.logs === undefined ? [] : [task.logs])
      ])
    : [
        snapshot.source,
        snapshot.jobId,
        ...(snapshot.label === undefined ? [] : [snapshot.label]),
        ...snapshot.tasks.flatMap((task) => [
          task.id,
          task.label,
          task.text,
          ...(typeof task.code === "string" ? [task.code] : []),
          ...allSteps(task.steps ?? []).flatMap((step) => [
            step.label,
            ...(step.extra === undefined ? [] : [step.extra])
          ]),
          ...(task.message === undefined ? [] : [task.message]),
          ...(task.warnings ?? []),
          ...outputTexts(snapshot, task),
          ...(task.logs === undefined ? [] : [task.logs])
        ])
      ]

const notes = (snapshot: Job.Snapshot, mode: Html.Mode): ReadonlyArray<string> =>
  snapshot.tasks.flatMap((task) =>
    task.stepsNote === undefined || (mode === "legacy" && !legacyShowsProgress(task)) ? [] : [task.stepsNote]
  )

const expectOnlyEmitted = (parsed: Parsed, mode: Html.Mode): void => {
  expect(parsed.comments).toEqual([])
  for (const element of parsed.elements) {
    expect(emitted[mode].elements.has(element.name), `<${element.name}> in ${mode} mode`).toBe(true)
    for (const name of Object.keys(element.attributes))
      expect(emitted[mode].attributes.has(name), `${name}= on <${element.name}> in ${mode} mode`).toBe(true)
  }
}

describe("hostile strings in every text field", () => {
  for (const mode of ["legacy", "semantic"] as const) {
    it.prop(
      `come back from a parser unchanged, inside only the markup the ${mode} mode writes`,
      [hostileSnapshot],
      ([snapshot]) => {
        const parsed = parse(Html.render(snapshot, { mode }))
        expectOnlyEmitted(parsed, mode)
        const haystack = [
          ...parsed.texts,
          ...parsed.elements.flatMap((element) => Object.values(element.attributes))
        ]
        for (const text of shown(snapshot, mode)) {
          const expected = asParsed(text)
          expect(
            haystack.some((found) => found.includes(expected)),
            `${JSON.stringify(text)} is missing`
          ).toBe(true)
        }
        for (const note of notes(snapshot, mode)) {
          const expected = asParsed(note)
          const paragraph = parsed.elements.find(
            (element) => element.name === "p" && element.markup.startsWith(expected)
          )
          expect(paragraph, `the note ${JSON.stringify(note)} is missing`).toBeDefined()
          expect(paragraph!.markup.slice(expected.length)).toMatch(/^(<\/(em|strong|b|i|code|sub|sup)>)*$/)
        }
        const stepCount = (mode === "legacy" ? snapshot.tasks.filter(legacyShowsProgress) : snapshot.tasks)
          .map((task) => allSteps(task.steps ?? []).length)
          .reduce((sum, count) => sum + count, 0)
        const listItems = parsed.elements.filter((element) =>
          mode === "legacy" ? element.name === "li" : element.attributes.class?.startsWith("jobscope-step ")
        ).length
        const warnings =
          mode === "legacy" ? snapshot.tasks.reduce((sum, task) => sum + (task.warnings?.length ?? 0), 0) : 0
        // Legacy lists outputs as list items too, and a visibility output's windows within it.
        const outputItems =
          mode === "legacy"
            ? snapshot.tasks
                .flatMap((task) => task.outputs ?? [])
                .reduce(
                  (sum, output) =>
                    sum + 1 + (output.value?._tag === "Windows" ? output.value.windows.length : 0),
                  0
                )
            : 0
        expect(listItems).toBe(stepCount + warnings + outputItems)
        const links = parsed.elements.filter((element) => element.name === "a")
        for (const link of links)
          expect(link.attributes.href).toMatch(/^(?![A-Za-z][A-Za-z0-9+.-]*:)|^https?:/i)
        // An output's link works where the page is opened: absolute http(s), never a script.
        const outputLinks = links.filter(
          (link) => mode === "legacy" || link.attributes.class === "jobscope-output-link"
        )
        for (const link of outputLinks) expect(link.attributes.href).toMatch(/^https?:\/\/[^/?#\\]/i)
        const expectedOutputLinks = snapshot.tasks
          .flatMap((task) => task.outputs ?? [])
          .filter(
            (output) => output.url !== undefined && Href.resolve(output.url, snapshot.url) !== undefined
          )
        expect(outputLinks.length).toBe(expectedOutputLinks.length)
        expect(outputLinks.length).toBeGreaterThanOrEqual(snapshot.tasks.length)
      },
      { timeout: 60_000, arbitrary: { runs: 150 } }
    )
  }
})
