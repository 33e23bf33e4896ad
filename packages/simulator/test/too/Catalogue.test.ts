import { describe, expect, it } from "@effect/vitest"
import * as Catalogue from "../../src/too/Catalogue.js"

describe("Catalogue", () => {
  it("resolves names and aliases whatever their case and spacing", () => {
    expect(Catalogue.resolve("Crab")?.ra).toBe(83.63308)
    expect(Catalogue.resolve("m1")?.name).toBe("Crab")
    expect(Catalogue.resolve("SgrA*")?.name).toBe("Sgr A*")
    expect(Catalogue.resolve("  M 31 ")?.name).toBe("M31")
    expect(Catalogue.resolve("grb221009a")?.resolver).toBe("Swift GRB table")
    expect(Catalogue.resolve("Planet X")).toBeUndefined()
  })

  it("holds real positions, distinct names and distinct target IDs", () => {
    const names = Catalogue.sources.flatMap((source) =>
      [source.name, ...source.aliases].map((n) => n.toLowerCase())
    )
    expect(new Set(names).size).toBe(names.length)
    expect(new Set(Catalogue.sources.map((source) => source.targetid)).size).toBe(Catalogue.sources.length)
    for (const source of Catalogue.sources) {
      expect(source.ra).toBeGreaterThanOrEqual(0)
      expect(source.ra).toBeLessThan(360)
      expect(Math.abs(source.dec)).toBeLessThanOrEqual(90)
    }
  })
})
