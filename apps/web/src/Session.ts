/**
 * One watch, shown in the page: ask the base URL whether it is a simulator
 * and how fast it runs, then follow the job with `@jobscope/fetch`'s Promise
 * face (a UWS job through `UwsFollow`, loaded then), putting each update in the page, until the job is over, the watch
 * fails, or it is stopped.
 *
 * @example
 * ```ts
 * const session = Session.start(job, view)
 * await session.stop() // aborts the watch; resolves once the page says it stopped
 * ```
 */
import { type Client, createClient, JobRef } from "@jobscope/fetch"
import * as Form from "./Form.js"
import * as Health from "./Health.js"
import * as Report from "./Report.js"
import * as View from "./View.js"

/** A watch under way. */
export interface Session {
  /** Resolves when the watch is over, however it ended. */
  readonly done: Promise<void>
  /** Stops the watch at once (no further request); resolves when it is over. */
  readonly stop: () => Promise<void>
}

/** Starts watching `job`, showing it in `view`. */
export const start = (job: Form.Job, view: View.View): Session => {
  const controller = new AbortController()
  const done = run(job, view, controller.signal)
  return {
    done,
    stop: () => {
      controller.abort()
      return done
    }
  }
}

const run = async (job: Form.Job, view: View.View, signal: AbortSignal): Promise<void> => {
  View.clear(view)
  View.watching(view, true)
  View.say(view, `Asking ${job.baseUrl} how fast it runs…`)
  let client: Client | undefined
  try {
    const speed = await Health.speedOf(job.baseUrl, signal)
    client = createClient(Form.isUws(job) ? {} : job.client)
    const followed = Form.isUws(job)
      ? await (await import("./UwsFollow.js")).open(client, job.uws, signal)
      : JobRef.follow(job.ref)
    View.say(
      view,
      speed === undefined
        ? "Polling at the API's polite pace…"
        : `Polling a simulator running ${speed}× fast…`
    )
    const updates = client.watch(followed, {
      signal,
      ...(speed === undefined ? {} : { policy: { speed } })
    })
    for await (const update of updates) {
      if (update._tag === "PollFailed") {
        View.warn(view, Report.pollFailed(update))
        continue
      }
      View.warn(view, undefined)
      View.showJob(view, update.snapshot, speed)
      View.expect(view, Report.expectedEnd(update.snapshot, speed))
      View.say(view, Report.observed(update, speed))
      if (update.next === undefined) View.end(view, Report.outcome(update.snapshot))
    }
  } catch (error) {
    const now = Report.clockTime(new Date())
    if (signal.aborted) View.say(view, `Stopped at ${now}.`)
    else {
      View.say(view, `The watch ended at ${now} with an error.`)
      View.alert(view, Report.error(error))
    }
  } finally {
    View.watching(view, false)
    await client?.close()
  }
}
