/**
 * The UKSSDC statusCheck.js logic (the seed's "Example parsing code") ported
 * line for line with plain string concatenation and no escaping: the oracle
 * the legacy mode is checked against, and the baseline of `pnpm bench render`.
 *
 * It reads the raw reply as the page does. Where the page writes each
 * product's HTML into an element of its own, this joins them with a newline.
 */

interface RawStep {
  readonly StepLabel: string
  readonly StepStatus: number
  readonly StepExtra?: string
  readonly SubStep?: ReadonlyArray<RawStep>
}

interface RawProduct {
  readonly statusCode: number | string | null
  readonly statusText: string
  readonly progress: {
    readonly PreProgress?: string
    readonly ProgressSteps: ReadonlyArray<RawStep>
    readonly TimeRunning: string
  }
}

/** The markup statusCheck.js writes for the products `what` of a parsed status reply, with progress for those in `showProg`. */
export const statusCheck = (
  json: unknown,
  tmpWhat: ReadonlyArray<string>,
  showProg: Readonly<Record<string, boolean>>
): string => {
  const data = json as Record<string, RawProduct> & { readonly OK?: number }
  if (data.OK === undefined || data.OK === 0) return "statusFail"
  const products: Array<string> = []
  for (let i = 0; i < tmpWhat.length; ++i) {
    const what = tmpWhat[i]!
    let myHTML = `${what} status: `
    const text = data[what]!.statusText
    const code = Number.parseInt(data[what]!.statusCode as string, 10)
    myHTML = `${myHTML}<code>${text}</code>. `
    if (showProg[what] && code > 0 && code < 4) {
      if (data[what]!.progress.PreProgress !== undefined)
        myHTML = `${myHTML}<p>${data[what]!.progress.PreProgress}</p>`
      const mySteps = data[what]!.progress.ProgressSteps
      myHTML = myHTML + showProgressList(mySteps, what)
      myHTML = `${myHTML}<p>The job has been running for ${data[what]!.progress.TimeRunning} so far.</p>\n`
    }
    products.push(myHTML)
  }
  return products.join("\n")
}

const showProgressList = (mySteps: ReadonlyArray<RawStep>, what: string): string => {
  let out = `<ul title='Steps in the ${what} creation'>`
  for (const i in mySteps) {
    const step = mySteps[i]!
    out = `${out}<li>`
    if (step.StepStatus === 1) out = `${out}<strong>`
    out = out + step.StepLabel
    if (step.StepStatus === 1) {
      out = `${out} <span style='color:blue'>ACTIVE</span>`
      if (step.StepExtra !== undefined) out = `${out}&#8212; ${step.StepExtra}`
      out = `${out}</strong>`
    } else if (step.StepStatus === 2) out = `${out} <strong style='color:#0D0'>DONE</strong>`
    if (step.SubStep !== undefined) out = out + showProgressList(step.SubStep, step.StepLabel)
    out = `${out}</li>`
  }
  out = `${out}</ul>`
  return out
}
