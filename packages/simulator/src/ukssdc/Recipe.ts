/**
 * The steps each UKSSDC product goes through, with the labels the real
 * server's progress reports use (see the status seed's examples), how much of
 * the running time each takes, and which steps repeat once per dataset.
 */
import type { Ukssdc } from "@jobscope/core"

/** What a repeating step counts. */
export type Unit = "observations" | "snapshots" | "iterations"

/** One round of a repeating step: which item, of how many, and its name. */
export interface Item {
  /** 1-based. */
  readonly index: number
  readonly count: number
  /** The dataset's name, e.g. `Obs_00081637001`, for units that have one. */
  readonly name: string
}

/** A step carried out once per item, whose sub-steps cycle as it proceeds. */
export interface Repeat {
  readonly over: Unit
  /** The step's `StepExtra` while it works on `item`. */
  readonly extra: (item: Item) => string
  /** The sub-steps each item goes through; empty when the step has none. */
  readonly subSteps: ReadonlyArray<string>
}

/** One step of a product's progress report. */
export interface Step {
  readonly label: string
  /** Its share of the running time, relative to the product's other steps. */
  readonly weight: number
  readonly repeat?: Repeat
}

/** How a product is built. */
export interface Recipe {
  readonly steps: ReadonlyArray<Step>
  /**
   * For a product that may try its steps again with other settings (the
   * enhanced position tries sets of UVOT filters), the `PreProgress` text of
   * each attempt; a job makes one or more attempts, in this order.
   */
  readonly attempts?: ReadonlyArray<string>
}

const step = (label: string, weight: number, repeat?: Repeat): Step =>
  repeat === undefined ? { label, weight } : { label, weight, repeat }

/**
 * The recipes of the products. No progress report of a source detection is
 * published, so its steps are the detection steps of the astrometric
 * position's report (the status seed's), which searches for sources the same way.
 */
export const recipes: Readonly<Record<Ukssdc.ProductKind, Recipe>> = {
  lc: {
    steps: [
      step("Prepare data and centroid (if selected).", 2),
      step("Extract data.", 5, {
        over: "observations",
        extra: ({ name, index, count }) => `Working on observation: ${name} (${index}/${count})`,
        subSteps: []
      }),
      step("Binning light curve.", 2),
      step("Plotting light curve as image.", 1)
    ]
  },
  spec: {
    steps: [
      step("Prepare data.", 1),
      step("Build spectra.", 6, {
        over: "observations",
        extra: ({ name, index, count }) => `Working on spectrum: ${name} (${index}/${count})`,
        subSteps: ["Extract data.", "Fit spectrum."]
      })
    ]
  },
  psf: {
    steps: [
      step("Collect data.", 2),
      step("Sum images and exposure maps.", 2),
      step("Perform detection with locally-estimated background", 3),
      step("Perform PSF fit.", 3)
    ]
  },
  enh: {
    attempts: [
      "Trying using the <em>uvw1,u,b,v,white</em> filters:",
      "Trying using the <em>v,b,white</em> filters:",
      "Trying using the <em>white</em> filter:"
    ],
    steps: [step("Identify XRT-UVOT overlaps.", 2), step("Determine position.", 3), step("Build Images.", 2)]
  },
  xastrom: {
    steps: [
      step("Prepare data.", 1),
      step("Collect data.", 1),
      step("Prepare data for iterative source detection.", 1),
      step("Create per-snapshot images and exposure maps.", 4, {
        over: "snapshots",
        extra: ({ index, count }) => `Working on observation ${index} / ${count}`,
        subSteps: []
      }),
      step("Sum per-snapshot images and exposure maps.", 1),
      step("Run source detection.", 1),
      step("Perform initial rough detection with locally-estimated background", 1),
      step("Construct initial background map.", 1),
      step("Perform initial source detection using the background map.", 1),
      step("Searching for sources.", 4, {
        over: "iterations",
        extra: ({ index, count }) => `Iteration ${index} of ${count}`,
        subSteps: [
          "PSF fit sources found in previous iteration.",
          "Build background map.",
          "Perform source detection."
        ]
      }),
      step("Perform final fit.", 1),
      step("Calculate astrometric correction.", 1)
    ]
  },
  image: {
    steps: [
      step("Collect data.", 1),
      step("Merge event lists.", 1),
      step("Creating images.", 2),
      step("Creating exposure map.", 2)
    ]
  },
  sourceDet: {
    steps: [
      step("Collect data.", 1),
      step("Create per-snapshot images and exposure maps.", 3, {
        over: "snapshots",
        extra: ({ index, count }) => `Working on observation ${index} / ${count}`,
        subSteps: []
      }),
      step("Sum per-snapshot images and exposure maps.", 1),
      step("Perform initial rough detection with locally-estimated background", 1),
      step("Construct initial background map.", 1),
      step("Perform initial source detection using the background map.", 1),
      step("Searching for sources.", 4, {
        over: "iterations",
        extra: ({ index, count }) => `Iteration ${index} of ${count}`,
        subSteps: [
          "PSF fit sources found in previous iteration.",
          "Build background map.",
          "Perform source detection."
        ]
      }),
      step("Perform final fit.", 1)
    ]
  }
}
