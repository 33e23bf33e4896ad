/**
 * Archive downloads the test feeds by hand: a `fetch` whose body arrives
 * chunk by chunk as the test writes it, breaks when the test says, and tells
 * whether the reader let it go.
 */

/** The page of UKSSDC job 7 at an address nothing listens on: only a fed `fetch` reaches it. */
export const fedJob = "http://127.0.0.1:9/user_objects/tprods/USERPROD_7"

/** A `fetch` whose archive body the test feeds, and which says when it was cancelled. */
export const fedBody = () => {
  let feed!: ReadableStreamDefaultController<Uint8Array>
  let cancelled = false
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => {
      feed = controller
    },
    cancel: () => {
      cancelled = true
    }
  })
  const fetch: typeof globalThis.fetch = () => Promise.resolve(new Response(body, { status: 200 }))
  return { fetch, feed: () => feed, cancelled: () => cancelled }
}
