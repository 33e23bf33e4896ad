/**
 * Realistic UKSSDC submissions for tests and demos, so that every package asks
 * the simulated product builder for the same job in the same words.
 */

/**
 * The parameters of a job asking for all six products (light curve, spectrum,
 * standard, enhanced and astrometric positions, image) of GRB 200101A, as the
 * `swifttools` client sends them; without `UserID`, `api_name` and
 * `api_version`, which the client adds. Spread it and override what a test
 * needs: `{ ...sixProducts, doenh: 0, UserID: "you@example.org" }`.
 */
export const sixProducts = Object.freeze({
  name: "GRB 200101A",
  targ: "00081637",
  RA: 219.2875,
  Dec: -60.8333,
  cent: 1,
  poserr: 1,
  useSXPS: 0,
  lc: 1,
  binMeth: "counts",
  spec: 1,
  specz: 0,
  dopsf: 1,
  doenh: 1,
  doxastrom: 1,
  image: 1
})
