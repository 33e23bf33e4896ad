// Envelope.ts first: its schemas and the Envelope union refer to each other (a status holds any
// envelope as its result), and the union must be built after the members it names.
export * from "./Envelope.js"
export * from "./Snapshot.js"
export * from "./Source.js"
