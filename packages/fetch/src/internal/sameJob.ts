/**
 * A reply must be about the job asked: a status reply that names another job
 * (a server mixing up jobs, or lying) is an `InvalidReply`, never taken as
 * news of the job asked about, least of all its success.
 */
import { DecodeError } from "@jobscope/core"
import * as Effect from "effect/Effect"
import { describe, InvalidReply, type Where } from "../FetchError.js"

/** `reply` when the job it names (`said`, in its field `field`) is the one `asked`; else an `InvalidReply`. */
export const check = <A>(
  where: Where,
  asked: string | number,
  said: string | number | undefined,
  field: string,
  reply: A
): Effect.Effect<A, InvalidReply> => {
  if (said === undefined || String(said).trim() === String(asked).trim()) return Effect.succeed(reply)
  const problems = [
    {
      path: field,
      message: `the reply is about job ${JSON.stringify(DecodeError.excerpt(String(said)))}, not job ${JSON.stringify(String(asked))} that was asked about`
    }
  ]
  return Effect.fail(
    new InvalidReply({
      ...where,
      status: 200,
      problems,
      message: DecodeError.make(describe(where), problems).message
    })
  )
}
