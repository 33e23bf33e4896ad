/**
 * @jobscope/markdown: GitHub-flavoured Markdown reports of jobscope job
 * snapshots, for issues, chat and notebooks, with every server string escaped.
 */
export * as Escape from "./Escape.js"
export * as Fence from "./Fence.js"
export * as InlineHtml from "./InlineHtml.js"
export * as Markdown from "./Markdown.js"
export * as Summary from "./Summary.js"
