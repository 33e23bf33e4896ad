/**
 * The scheduler behind `Follow.watchAll`: many watches run by one loop: each job is plain state in a queue ordered
 * by when it is next due, and at most `concurrency` polls are in flight at
 * once. Ten thousand jobs cost ten thousand small states, not ten thousand
 * fibers and streams, and a burst of due jobs waits in the queue rather than
 * as pending requests.
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Latch from "effect/Latch"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Stream from "effect/Stream"
import type * as Poller from "./Poller.js"

/** One job of a schedule: how to start it and how to take one step of it. */
export interface Member<Key, Reply, E, R> {
  readonly key: Key
  readonly poller: Poller.Poller<Reply, E, R>
}

/** What a schedule emits: a job's update, or how its watch ended without the job being over. */
export type Item<Key, Reply, E> =
  | { readonly _tag: "Update"; readonly key: Key; readonly update: Poller.Update<Reply> }
  | { readonly _tag: "Failed"; readonly key: Key; readonly error: E }

/** A job waiting for its turn. */
interface Entry<Key, Reply, E, R> {
  readonly member: Member<Key, Reply, E, R>
  state: Poller.State
}

/**
 * Runs every member until its job is over or its watch fails, polling each
 * when it is due with at most `concurrency` polls in flight; emits their
 * updates as they come. A failed member is reported and the others go on.
 */
export const run = <Key, Reply, E, R>(
  members: ReadonlyArray<Member<Key, Reply, E, R>>,
  concurrency: number
): Stream.Stream<Item<Key, Reply, E>, never, R> =>
  Stream.callback<Item<Key, Reply, E>, never, R>((queue) =>
    Effect.gen(function* () {
      if (!Number.isInteger(concurrency) || concurrency < 1)
        return yield* Effect.die(new RangeError(`concurrency must be a whole number ≥ 1, not ${concurrency}`))
      const due = new DueQueue<Entry<Key, Reply, E, R>>((entry) => entry.state.nextPollAt)
      for (const member of members) due.push({ member, state: yield* member.poller.start })
      let inFlight = 0
      /** Open once a poll has ended since the loop last paused. */
      const pollEnded = Latch.makeUnsafe(false)
      /** Waits for a poll to end, or at most `millis` (forever when undefined). */
      const pause = (millis: number | undefined) =>
        Effect.andThen(
          millis === undefined
            ? pollEnded.await
            : Effect.raceFirst(pollEnded.await, Effect.sleep(Duration.millis(millis))),
          pollEnded.close
        )

      const poll = (entry: Entry<Key, Reply, E, R>) =>
        Effect.gen(function* () {
          const page = yield* Effect.result(entry.member.poller.step(entry.state))
          if (page._tag === "Failure") {
            yield* Queue.offer(queue, { _tag: "Failed", key: entry.member.key, error: page.failure })
            return
          }
          const [updates, next] = page.success
          for (const update of updates)
            yield* Queue.offer(queue, { _tag: "Update", key: entry.member.key, update })
          if (Option.isSome(next)) {
            entry.state = next.value
            due.push(entry)
          }
        }).pipe(
          // A poll that dies ends the whole stream with its defect: the loop must not
          // go on as if that job were over, and its consumer must not take it for success.
          Effect.catchCause((cause) =>
            Cause.hasInterruptsOnly(cause) ? Effect.failCause(cause) : Queue.failCause(queue, cause)
          ),
          Effect.ensuring(
            Effect.sync(() => {
              inFlight--
              pollEnded.openUnsafe()
            })
          )
        )

      for (;;) {
        const head = due.peek()
        if (head === undefined && inFlight === 0) break
        if (head === undefined || inFlight >= concurrency) {
          yield* pause(undefined)
          continue
        }
        const now = yield* Clock.currentTimeMillis
        const wait = head.state.nextPollAt - now
        if (wait > 0) {
          yield* pause(wait)
          continue
        }
        due.pop()
        inFlight++
        // A child of this loop: interrupted with it when the stream's consumer stops.
        yield* Effect.forkChild(poll(head))
      }
      yield* Queue.end(queue)
    })
  )

/** A binary min-heap ordered by a number of each item: the next job due on top. */
class DueQueue<A> {
  private readonly items: Array<A> = []
  constructor(private readonly keyOf: (item: A) => number) {}

  peek(): A | undefined {
    return this.items[0]
  }

  push(item: A): void {
    const items = this.items
    items.push(item)
    let index = items.length - 1
    while (index > 0) {
      const parent = (index - 1) >> 1
      if (this.keyOf(items[parent]!) <= this.keyOf(item)) break
      items[index] = items[parent]!
      index = parent
    }
    items[index] = item
  }

  pop(): A | undefined {
    const items = this.items
    const top = items[0]
    const last = items.pop()
    if (items.length === 0 || last === undefined) return top
    let index = 0
    const key = this.keyOf(last)
    for (;;) {
      const left = 2 * index + 1
      if (left >= items.length) break
      const right = left + 1
      const child =
        right < items.length && this.keyOf(items[right]!) < this.keyOf(items[left]!) ? right : left
      if (this.keyOf(items[child]!) >= key) break
      items[index] = items[child]!
      index = child
    }
    items[index] = last
    return top
  }
}
