/**
 * The credentials this run was given (UKSSDC user ID, TOO shared secret, TOM
 * token), kept out of everything the process writes: a server that echoes
 * one ("Invalid token …"), even URL-encoded, entity-encoded, split by
 * zero-width characters or in full-width letters, gets it replaced on
 * standard output and standard error alike, in text, JSON lines and the live
 * view (see `Redact` in @jobscope/fetch).
 */
import * as Redact from "@jobscope/fetch/Redact"
import * as Redacted from "effect/Redacted"

const known = new Set<string>()
let scrub: (text: string) => string = (text) => text

/** Adds a credential to hide from now on. */
export const remember = (secret: string | Redacted.Redacted<string>): void => {
  const value = Redacted.isRedacted(secret) ? Redacted.value(secret) : secret
  if (value === "" || known.has(value)) return
  known.add(value)
  scrub = Redact.make(known)
}

/** A text with every remembered credential hidden. */
export const hide = (text: string): string => scrub(text)

/**
 * Makes every later write to standard output and standard error go through
 * {@link hide}: the one place all output passes, whichever part of the
 * program (or of Effect) writes it.
 */
export const install = (): void => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: ReadonlyArray<unknown>) => boolean
    stream.write = ((chunk: unknown, ...rest: ReadonlyArray<unknown>) =>
      write(
        typeof chunk === "string" && known.size > 0 ? scrub(chunk) : chunk,
        ...rest
      )) as typeof stream.write
  }
}
