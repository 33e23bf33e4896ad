/**
 * @jobscope/html: job snapshots as safe HTML, in the markup of the UKSSDC
 * statusCheck.js (`legacy`) or in class-based, accessible markup (`semantic`).
 */
export * as Escape from "./Escape.js"
export * as Html from "./Html.js"
export * as InlineHtml from "./InlineHtml.js"
export * as Legacy from "./Legacy.js"
export * as Semantic from "./Semantic.js"
export * as Stylesheet from "./Stylesheet.js"
