import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { describe, expect, it } from "vitest"
import * as Flags from "../src/Flags.js"

describe("Flags.joinNegativeValues", () => {
  it("joins a negative sexagesimal to the flag before it, which Effect's CLI would read as a flag", () => {
    expect(Flags.joinNegativeValues(["too", "visibility", "--ra", "14:37:09", "--dec", "-62:39:12"])).toEqual(
      ["too", "visibility", "--ra", "14:37:09", "--dec=-62:39:12"]
    )
    expect(Flags.joinNegativeValues(["--dec", "-62d39m12s"])).toEqual(["--dec=-62d39m12s"])
    expect(Flags.joinNegativeValues(["--dec", "-62 39 12"])).toEqual(["--dec=-62 39 12"])
  })

  it("leaves flags, plain negative numbers (Effect's CLI reads those) and joined values alone", () => {
    for (const args of [
      ["--dec", "-62.5"],
      ["--watch", "--format", "json"],
      ["--dec=-62:39:12"],
      ["-h"],
      ["--name", "-"]
    ])
      expect(Flags.joinNegativeValues(args)).toEqual(args)
  })
})

describe("Flags.required and Flags.given", () => {
  it("names every missing required flag at once", () => {
    const exit = Effect.runSyncExit(
      Flags.given({ name: new Flags.Missing("--name"), target: new Flags.Missing("--target"), other: 1 })
    )
    expect(Exit.isFailure(exit) && String(exit.cause)).toContain("these flags are required: --name, --target")
  })

  it("answers the flags when every required one is given", () => {
    expect(Effect.runSync(Flags.given({ name: "GRB 200101A", other: 1 }))).toEqual({
      name: "GRB 200101A",
      other: 1
    })
  })
})
