/** What both halves of the `watch` part submit, and as whom. */
import { Ukssdc } from "@jobscope/simulator"

/** The user every job is submitted as. */
export const user = "bench@example.org"

/** A UKSSDC job with all six products, submitted as {@link user}. */
export const everything = { UserID: user, ...Ukssdc.sixProducts }
