import { assert, describe, it } from "@effect/vitest"
import { DecodeError } from "@jobscope/core"
import { FetchError } from "@jobscope/fetch"
import * as Cause from "effect/Cause"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

const statusUrl = "https://www.swift.ac.uk/user_objects/checkProductStatus.php"
const status = { endpoint: "UKSSDC status", url: statusUrl, job: "14" }
const named = FetchError.describe(status)

/** One error of each class, with the message the transport or a client writes for it. */
const examples: ReadonlyArray<FetchError.FetchError> = [
  new FetchError.Unreachable({
    ...status,
    reason: "fetch failed (connect ECONNREFUSED 130.88.1.1:443)",
    attempts: 5,
    message: `${named}: could not reach the server after 5 attempts: fetch failed (connect ECONNREFUSED 130.88.1.1:443)`
  }),
  new FetchError.RequestTimeout({
    ...status,
    timeout: 30_000,
    attempts: 5,
    message: `${named}: no reply within 30s after 5 attempts`
  }),
  new FetchError.HttpStatusError({
    ...status,
    status: 503,
    excerpt: "503 Service Unavailable Service Unavailable The server is temporarily unable to …",
    retryAfter: 30_000,
    attempts: 5,
    message: `${named}: HTTP 503 after 5 attempts: "503 Service Unavailable Service Unavailable The server is temporarily unable to …"`
  }),
  new FetchError.InvalidReply({
    ...status,
    status: 200,
    problems: [{ path: "lc.statusCode", message: "expected a UKSSDC status code (-4 … 5 or null), got 7" }],
    message: `${named}: at lc.statusCode: expected a UKSSDC status code (-4 … 5 or null), got 7`
  }),
  new FetchError.Refused({
    ...status,
    error: "Missing or invalid parameters",
    problems: [{ label: "Missing parameters", list: ["RA", "Dec"] }],
    message: `${named}: refused: Missing or invalid parameters (Missing parameters: RA, Dec)`
  }),
  new FetchError.InvalidRequest({
    endpoint: "Swift TOO submit",
    url: "https://www.swift.psu.edu/toop/submit_json.php",
    problems: [{ path: "exp_time_per_visit", message: "must be at most 5000 s, got 9000" }],
    message:
      "Swift TOO submit (https://www.swift.psu.edu/toop/submit_json.php): not sent: at exp_time_per_visit: must be at most 5000 s, got 9000"
  }),
  new FetchError.DeadlineExceeded({
    ...status,
    deadline: 120_000,
    message: `${named}: no answer within the deadline of 2m`
  })
]

const codec = Schema.toCodecJson(FetchError.FetchError)
const encode = Schema.encodeSync(codec)
const decode = DecodeError.decodeJson(codec, "saved error")

/** Writes an error as JSON text and reads it back, as watcher state would. */
const roundTrip = (error: FetchError.FetchError) => decode(JSON.stringify(encode(error)))

describe("FetchError", () => {
  it("describe names the endpoint, the job when there is one, and the URL", () => {
    assert.strictEqual(named, `UKSSDC status of job 14 (${statusUrl})`)
    assert.strictEqual(
      FetchError.describe({
        endpoint: "UKSSDC job count",
        url: "https://www.swift.ac.uk/user_objects/getNumJobs.php"
      }),
      "UKSSDC job count (https://www.swift.ac.uk/user_objects/getNumJobs.php)"
    )
  })

  it("there is an example of every error class", () => {
    assert.deepStrictEqual(
      examples.map((error) => error._tag),
      [
        "Unreachable",
        "RequestTimeout",
        "HttpStatusError",
        "InvalidReply",
        "Refused",
        "InvalidRequest",
        "DeadlineExceeded"
      ]
    )
  })

  describe.each(examples.map((error) => [error._tag, error] as const))("%s", (tag, error) => {
    it("is an Error that prints as `Tag: message`, alone and as the failure of a cause", () => {
      assert.instanceOf(error, Error)
      assert.strictEqual(String(error), `${tag}: ${error.message}`)
      // What a person sees of an uncaught failure starts with the same line.
      assert.strictEqual(Cause.pretty(Cause.fail(error)).split("\n")[0], `${tag}: ${error.message}`)
    })

    it("round-trips through the FetchError schema as JSON text, class and message included", () => {
      const back = roundTrip(error)
      assert.isTrue(Result.isSuccess(back), Result.isFailure(back) ? back.failure.message : "")
      if (Result.isFailure(back)) return
      assert.strictEqual(back.success.constructor, error.constructor)
      assert.deepStrictEqual(back.success, error)
      assert.strictEqual(back.success.message, error.message)
    })
  })

  it.prop("any error of any class round-trips", [FetchError.FetchError], ([error]) => {
    const back = roundTrip(error)
    assert.isTrue(Result.isSuccess(back), Result.isFailure(back) ? back.failure.message : "")
    assert.deepStrictEqual(Result.isSuccess(back) ? back.success : undefined, error)
  })

  it("keeps the job when there is one, and has no job key when there is none", () => {
    for (const error of examples.filter((example) => example._tag !== "InvalidRequest")) {
      const back = roundTrip(error)
      assert.strictEqual(Result.isSuccess(back) ? back.success.job : undefined, "14", error._tag)
    }

    const error = new FetchError.Unreachable({
      endpoint: "UKSSDC job count",
      url: "https://www.swift.ac.uk/user_objects/getNumJobs.php",
      reason: "fetch failed (getaddrinfo ENOTFOUND www.swift.ac.uk)",
      attempts: 1,
      message:
        "UKSSDC job count (https://www.swift.ac.uk/user_objects/getNumJobs.php): could not reach the server: fetch failed (getaddrinfo ENOTFOUND www.swift.ac.uk)"
    })
    const encoded = encode(error)
    assert.notProperty(encoded, "job")
    const back = roundTrip(error)
    assert.isTrue(Result.isSuccess(back) && !("job" in back.success) && back.success._tag === "Unreachable")
  })

  it("quotes, newlines and non-ASCII text in a server's words survive the round trip", () => {
    const error = new FetchError.Refused({
      ...status,
      error: 'Le serveur a dit "non"\n— réessayez plus tard ☂',
      problems: [],
      message: `${named}: refused: Le serveur a dit "non" — réessayez plus tard ☂`
    })
    const back = roundTrip(error)
    assert.isTrue(
      Result.isSuccess(back) && back.success._tag === "Refused" && back.success.error === error.error
    )
  })

  it("a saved error that was tampered with does not decode, and says where", () => {
    const saved = JSON.parse(JSON.stringify(encode(examples[2]!))) as Record<string, unknown>
    const wrongStatus = decode(JSON.stringify({ ...saved, status: "503" }))
    assert.isTrue(Result.isFailure(wrongStatus))
    if (Result.isFailure(wrongStatus)) {
      assert.include(
        wrongStatus.failure.problems.map((problem) => problem.path),
        "status"
      )
      assert.isTrue(wrongStatus.failure.message.startsWith("saved error: "), wrongStatus.failure.message)
    }
    const unknownTag = decode(JSON.stringify({ ...saved, _tag: "Exploded" }))
    assert.isTrue(Result.isFailure(unknownTag))
    const notJson = decode("<html>Bad Gateway</html>")
    assert.isTrue(
      Result.isFailure(notJson) && notJson.failure.message.includes("an HTML page came instead of JSON")
    )
  })
})
