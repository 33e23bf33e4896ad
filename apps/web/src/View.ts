/**
 * The page's elements and every change made to them. The job itself is the
 * HTML renderer's output (every server string escaped there); everything else
 * is set as text, never as markup.
 *
 * @example
 * ```ts
 * const view = View.find(document)
 * View.showJob(view, snapshot)
 * View.say(view, "Updated at 12:00:03.")
 * ```
 */
import { Clock, type Job } from "@jobscope/core"
import { Html } from "@jobscope/html"
import * as Form from "./Form.js"
import type * as Report from "./Report.js"

/** The elements the page changes, as `index.html` has them. */
export interface View {
  readonly form: HTMLFormElement
  readonly watchButton: HTMLButtonElement
  readonly stopButton: HTMLButtonElement
  /** Errors that ended a watch, or a form that cannot start one (`role="alert"`). */
  readonly alert: HTMLElement
  /** The live region: the status line, a warning, the outcome (`aria-live="polite"`). */
  readonly status: HTMLElement
  readonly line: HTMLElement
  readonly warning: HTMLElement
  readonly outcome: HTMLElement
  /** When the server expects the job to end (a UWS quote). */
  readonly expected: HTMLElement
  /** Where the job is rendered. */
  readonly job: HTMLElement
}

const one = <T extends Element>(root: ParentNode, selector: string, type: { new (): T; prototype: T }): T => {
  const element = root.querySelector(selector)
  if (!(element instanceof type))
    throw new Error(`the page has no ${selector}; index.html and View.ts disagree`)
  return element
}

/** The page's elements; throws when `index.html` lacks one. */
export const find = (document: Document): View => {
  const form = one(document, "#watch-form", HTMLFormElement)
  return {
    form,
    watchButton: one(form, "button[name=watch]", HTMLButtonElement),
    stopButton: one(form, "button[name=stop]", HTMLButtonElement),
    alert: one(document, "#alert", HTMLElement),
    status: one(document, "#status", HTMLElement),
    line: one(document, "#status-line", HTMLElement),
    warning: one(document, "#warning", HTMLElement),
    outcome: one(document, "#outcome", HTMLElement),
    expected: one(document, "#expected", HTMLElement),
    job: one(document, "#job", HTMLElement)
  }
}

const fieldsets = (view: View) => view.form.querySelectorAll<HTMLFieldSetElement>("fieldset[data-api]")

/** Shows the fields of one API; the others are hidden and disabled, so the form's data holds only its fields. */
export const showApi = (view: View, api: Form.Api): void => {
  for (const fieldset of fieldsets(view)) {
    const mine = fieldset.dataset.api === api
    fieldset.hidden = !mine
    fieldset.disabled = !mine
  }
}

/** The form as filled in, the shared secret included (it is read from its field, never from a query string). */
export const readForm = (view: View): Form.Form => {
  const data = new FormData(view.form)
  const query = new URLSearchParams()
  for (const [key, value] of data) if (typeof value === "string") query.set(key, value)
  const secret = data.get("secret")
  return { ...Form.fromQuery(query), secret: typeof secret === "string" ? secret : "" }
}

/** Fills the form in and shows the fields of its API. */
export const fillForm = (view: View, form: Form.Form): void => {
  const select = one(view.form, "select[name=api]", HTMLSelectElement)
  select.value = form.api
  showApi(view, form.api)
  const fields: Readonly<Record<string, unknown>> = { ...form }
  for (const input of view.form.querySelectorAll<HTMLInputElement>("input[name]")) {
    const owner = input.closest<HTMLFieldSetElement>("fieldset[data-api]")
    const value = fields[input.name]
    if (owner === null || owner.dataset.api === form.api) input.value = typeof value === "string" ? value : ""
  }
}

/**
 * Whether a watch is running: Stop is the button to press while it is (Watch
 * then starts over with the form as it is), and the status region is busy.
 */
export const watching = (view: View, running: boolean): void => {
  view.stopButton.disabled = !running
  view.status.setAttribute("aria-busy", String(running))
}

/** A new watch: no job, no outcome, no warning, no alert yet. */
export const clear = (view: View): void => {
  view.job.replaceChildren()
  alert(view, undefined)
  warn(view, undefined)
  end(view, undefined)
  expect(view, undefined)
}

/**
 * Renders the job as the HTML renderer writes it (semantic mode: escaped,
 * classes, states in words), its times said to be on the simulator's clock
 * when the server is one running at `speed`.
 */
export const showJob = (view: View, snapshot: Job.Snapshot, speed?: number | undefined): void => {
  view.job.innerHTML = Html.render(snapshot, { mode: "semantic", serverClock: Clock.ofServer(speed) })
}

/** Sets the status line. */
export const say = (view: View, text: string): void => {
  view.line.textContent = text
}

const show = (element: HTMLElement, text: string | undefined): void => {
  element.textContent = text ?? ""
  element.hidden = text === undefined
}

/** Shows a warning (a poll that failed while the watch goes on), or takes it away. */
export const warn = (view: View, text: string | undefined): void => show(view.warning, text)

/** Shows when the server expects the job to end, or takes it away. */
export const expect = (view: View, text: string | undefined): void => show(view.expected, text)

/** Shows an error in the alert, or takes it away. */
export const alert = (view: View, text: string | undefined): void => show(view.alert, text)

/** Shows how the job ended, with `data-outcome` set to `succeeded`, `failed` or `cancelled`; or takes it away. */
export const end = (view: View, ending: Report.Ending | undefined): void => {
  show(view.outcome, ending?.text)
  if (ending === undefined) view.outcome.removeAttribute("data-outcome")
  else view.outcome.dataset.outcome = ending.outcome
}
