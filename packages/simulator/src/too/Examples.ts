/**
 * A realistic Swift TOO request for tests and demos, so that every package
 * asks the simulated API for the same observation in the same words.
 */

/**
 * The `api_data` of a `Swift_TOO_Request` for three XRT visits a day apart
 * to follow a young supernova's X-ray light curve, as JSON, without
 * `username` (the client's own). The position is far from the Sun in March:
 * start the simulator in March (`start: new Date("2026-03-15")`) for it to
 * be accepted whatever the real date.
 */
export const supernovaRequest = Object.freeze({
  source_name: "SN 2026abc",
  source_type: "Supernova",
  ra: 219.2875,
  dec: -60.8333,
  poserr: 1.5,
  instrument: "XRT",
  urgency: 3,
  immediate_objective: "Follow the X-ray light curve of a young core-collapse supernova.",
  science_just:
    "Early X-ray emission traces the progenitor's mass loss; three visits a day apart show its decline.",
  exposure: 6000,
  exp_time_just: "2 ks per visit detects the expected flux at the 5-sigma level.",
  exp_time_per_visit: 2000,
  num_of_visits: 3,
  monitoring_freq: "1 day",
  xrt_mode: 7,
  uvot_mode: "0x9999",
  obs_type: "Light Curve"
})
