/** The length of the longest run of backticks in `text` (0 when it has none). */
export const longestBacktickRun = (text: string): number => {
  let longest = 0
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length)
  return longest
}
