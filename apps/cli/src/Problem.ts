/**
 * A command line that parsed but cannot be acted on (a missing credential,
 * a value out of range): a usage error, exit code 2, with a message that
 * says what to give instead.
 */
import { CliError } from "effect/cli"
import * as Effect from "effect/Effect"

/** Fails as a usage error with `message`. */
export const usage = (message: string) => Effect.fail(new CliError.ValidationError({ message }))
