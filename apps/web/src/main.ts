/**
 * The live status page: reads the job from the query string or the form,
 * and watches it until it is over or stopped. Wiring only; the concepts live
 * in `Form`, `Health`, `Session`, `Report` and `View`.
 */
import "@jobscope/html/jobscope.css"
import "./style.css"
import * as Result from "effect/Result"
import * as Form from "./Form.js"
import * as Report from "./Report.js"
import * as Session from "./Session.js"
import * as View from "./View.js"

const view = View.find(document)
let session: Session.Session | undefined

/**
 * Keeps the query string in step with the form, so that the address is a link
 * to this view; the UKSSDC user ID stays out of it, in this tab's session storage.
 */
const remember = (form: Form.Form) => {
  history.replaceState(null, "", `?${Form.toQuery(form)}`)
  if (form.user === "") sessionStorage.removeItem(userKey)
  else sessionStorage.setItem(userKey, form.user)
}

const userKey = "jobscope-ukssdc-user"

const watch = async (form: Form.Form) => {
  await session?.stop()
  session = undefined
  const job = Form.toJob(form, location.origin)
  remember({ ...form, watch: Result.isSuccess(job) })
  if (Result.isFailure(job)) {
    View.clear(view)
    return View.alert(view, Report.error(job.failure))
  }
  session = Session.start(job.success, view)
}

view.form.addEventListener("change", (event) => {
  if (event.target instanceof HTMLSelectElement) View.showApi(view, View.readForm(view).api)
})
view.form.addEventListener("submit", (event) => {
  event.preventDefault()
  void watch(View.readForm(view))
})
view.stopButton.addEventListener("click", () => {
  void session?.stop()
  remember(View.readForm(view))
})

const queried = Form.fromQuery(new URLSearchParams(location.search))
const opened = queried.user === "" ? { ...queried, user: sessionStorage.getItem(userKey) ?? "" } : queried
View.fillForm(view, opened)
if (opened.watch) void watch(opened)
