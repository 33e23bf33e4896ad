/**
 * What every package's vitest config shares. Tests never assert speed, but a
 * test that hangs must still fail: the timeout is generous because `pnpm test`
 * runs every package's tests at once on small, shared machines, where a test
 * that takes 0.7 s alone (50,000-deep hostile input) can take several seconds.
 */
export const test = {
  include: ["test/**/*.test.ts"],
  testTimeout: 30_000,
  hookTimeout: 30_000
}
