/**
 * The default stylesheet of the semantic mode: state colours, badges, a
 * progress bar, log box. Every rule is on a `jobscope-` class, so it does not
 * reach outside the rendered fragment; colours are custom properties, so a page
 * can retheme it without copying it. Also shipped as `@jobscope/html/jobscope.css`.
 *
 * @example
 * ```ts
 * import { Stylesheet } from "@jobscope/html"
 *
 * document.head.append(Object.assign(document.createElement("style"), { textContent: Stylesheet.css }))
 * ```
 */

/** The default CSS of the semantic mode. */
export const css = `.jobscope-job {
  --jobscope-done: #087f23;
  --jobscope-active: #0b57d0;
  --jobscope-pending: #5f6368;
  --jobscope-failed: #b3261e;
  --jobscope-waiting: #8a5a00;
  --jobscope-badge-text: #fff;
  --jobscope-log-background: #f6f8fa;
  font: inherit;
}
.jobscope-job-id,
.jobscope-job-meta,
.jobscope-times,
.jobscope-status-code {
  color: var(--jobscope-pending);
}
.jobscope-task {
  border-left: 0.25rem solid var(--jobscope-pending);
  margin: 1rem 0;
  padding: 0 0 0 0.75rem;
}
.jobscope-task.jobscope-phase-running,
.jobscope-task.jobscope-phase-queued {
  border-left-color: var(--jobscope-active);
}
.jobscope-task.jobscope-phase-succeeded {
  border-left-color: var(--jobscope-done);
}
.jobscope-task.jobscope-phase-failed,
.jobscope-task.jobscope-phase-cancelled {
  border-left-color: var(--jobscope-failed);
}
.jobscope-task.jobscope-phase-waiting {
  border-left-color: var(--jobscope-waiting);
}
.jobscope-phase,
.jobscope-step-state {
  border-radius: 0.75em;
  background: var(--jobscope-pending);
  color: var(--jobscope-badge-text);
  font-size: 0.8em;
  padding: 0.05em 0.5em;
  white-space: nowrap;
}
.jobscope-phase.jobscope-phase-running,
.jobscope-phase.jobscope-phase-queued,
.jobscope-step-active > .jobscope-step-state {
  background: var(--jobscope-active);
}
.jobscope-phase.jobscope-phase-succeeded,
.jobscope-step-done > .jobscope-step-state {
  background: var(--jobscope-done);
}
.jobscope-phase.jobscope-phase-failed,
.jobscope-phase.jobscope-phase-cancelled {
  background: var(--jobscope-failed);
}
.jobscope-phase.jobscope-phase-waiting {
  background: var(--jobscope-waiting);
}
.jobscope-progress-bar {
  width: 100%;
  max-width: 24rem;
}
.jobscope-steps {
  list-style: none;
  padding-left: 1rem;
}
.jobscope-step-active > .jobscope-step-label {
  font-weight: bold;
}
.jobscope-step-pending > .jobscope-step-label {
  color: var(--jobscope-pending);
}
.jobscope-step-extra::before {
  content: "— ";
}
.jobscope-message {
  color: var(--jobscope-failed);
}
.jobscope-warnings {
  color: var(--jobscope-waiting);
}
.jobscope-outputs {
  padding-left: 1rem;
}
.jobscope-position-sexagesimal {
  color: var(--jobscope-pending);
}
.jobscope-windows {
  border-collapse: collapse;
  font-variant-numeric: tabular-nums;
}
.jobscope-windows th,
.jobscope-windows td {
  border-bottom: 1px solid var(--jobscope-log-background);
  padding: 0.1rem 0.75rem 0.1rem 0;
  text-align: left;
}
.jobscope-log pre {
  background: var(--jobscope-log-background);
  max-height: 20rem;
  overflow: auto;
  padding: 0.5rem;
  white-space: pre-wrap;
}
`
