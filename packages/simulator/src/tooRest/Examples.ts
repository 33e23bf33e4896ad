/**
 * A realistic TOO request for the REST API, in its field names, so that
 * every package submits the same observation in the same words.
 */

/**
 * Three XRT visits a day apart to follow a young supernova's X-ray light
 * curve, as a submitter gives it (without `username`, the client's own). The
 * position is far from the Sun in March: start the simulator in March for it
 * to be taken whatever the real date.
 */
export const supernovaSubmission = Object.freeze({
  target_name: "SN 2026abc",
  target_type: "Supernova",
  ra: 219.2875,
  dec: -60.8333,
  obs_type: "Light Curve" as const,
  xrt_countrate: 0.02,
  immediate_objective: "Follow the X-ray light curve.",
  science_just: "Early X-rays trace the progenitor's mass loss.",
  exp_time_just: "2 ks per visit detects the expected flux.",
  exp_time_per_visit: 2000,
  num_of_visits: 3,
  monitoring_freq: "1 day"
})
