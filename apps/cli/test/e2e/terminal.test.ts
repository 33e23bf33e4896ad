/**
 * The live view in a real terminal (util-linux `script`): redrawn in place,
 * the cursor hidden while live and shown again, coloured unless NO_COLOR.
 */
import { describe, expect, it } from "vitest"
import {
  clearBelow,
  colours,
  cursor,
  environment,
  escapes,
  redraws,
  runInTerminal,
  visible
} from "./support/cli.js"
import { at, simulator, user } from "./support/simulator.js"

const grb = ["--name", "GRB 200101A", "--target", "00081637", "--ra", "219.2875", "--dec", "-60.8333"]

describe("the live view in a terminal", () => {
  it("redraws the job in place, in colour, and gives the cursor back at the end", async () => {
    const sim = await simulator({ speed: 120 })
    const ran = await runInTerminal(["ukssdc", "submit", ...grb, "--watch", "--user-id", user, ...at(sim)])
    expect(ran.code).toBe(0)
    const hide = ran.stdout.indexOf(cursor.hide)
    const show = ran.stdout.lastIndexOf(cursor.show)
    expect(hide).toBeGreaterThan(-1)
    expect(show).toBeGreaterThan(hide)
    // Each redraw moves the cursor up over the previous frame and clears below it.
    expect(redraws(ran.stdout)).toBeGreaterThan(3)
    expect(colours(ran.stdout).length).toBeGreaterThan(0)
    const final = ran.stdout.slice(ran.stdout.lastIndexOf(clearBelow))
    expect(visible(final)).toContain("UKSSDC job 1 · GRB 200101A · ✓ succeeded")
  })

  it("still redraws with NO_COLOR, but writes no colour", async () => {
    const sim = await simulator({ speed: 120 })
    const ran = await runInTerminal(
      ["ukssdc", "submit", ...grb, "--products", "lc", "--watch", "--user-id", user, ...at(sim)],
      environment({ NO_COLOR: "1" })
    )
    expect(ran.code).toBe(0)
    expect(ran.stdout).toContain(cursor.hide)
    expect(redraws(ran.stdout)).toBeGreaterThan(0)
    expect(colours(ran.stdout)).toEqual([])
    expect(escapes(ran.stdout).filter((sequence) => sequence.endsWith("m"))).toEqual([])
  })
})
