/**
 * What each `jobscope` subcommand is for, in one line: its description in
 * its own help and in `jobscope --help`, which lists it without loading the
 * subcommand's module (see `Cli`).
 */
export const summary = {
  ukssdc: "The UK Swift Science Data Centre's XRT product builder: light curves, spectra, positions, images",
  too: "The Swift Target-of-Opportunity API: visibility, TOO requests, and following its jobs",
  tom: "A TOM Toolkit site's async processes: timelapses, data pipelines and their logs",
  uws: "Any IVOA UWS 1.0/1.1 job (TAP async queries, SODA cutouts …), named by its URL",
  tap: "IVOA TAP asynchronous queries (ADQL), followed and saved",
  render: "Show a saved reply of any of the APIs as a job: text, JSON, Markdown or HTML, with no network",
  sim: "Start the simulator of the UKSSDC, Swift TOO, TOM, UWS and TAP APIs (for trying jobscope, tests, demos)",
  serve:
    "Run the watch service: durable watches, an HTTP API with SSE and signed webhooks (see docs/service.md)",
  demo: "See jobscope work end to end against the built-in simulator, with no network"
} as const
