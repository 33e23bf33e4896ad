/** For comparison: a browser bundle that decodes a UKSSDC status reply with the zod 4 mirror. */
import { StatusResponse } from "../mirrors/StatusZod.js"

/** Decodes a parsed status reply. */
export const decode = (input: unknown) => StatusResponse.safeParse(input)
