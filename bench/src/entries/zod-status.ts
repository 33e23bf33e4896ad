/** A browser bundle that checks a UKSSDC status reply with `@jobscope/zod` alone. */
import { Ukssdc } from "@jobscope/zod"

/** Checks a parsed status reply. */
export const decode = (input: unknown) => Ukssdc.StatusResponse.safeParse(input)
