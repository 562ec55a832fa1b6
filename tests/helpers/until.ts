/**
 * Waits until `cond` holds and returns how long it took. The time-out is a guard against hangs,
 * not a speed requirement: give it generously (a loaded 2-core CI machine is slow).
 */
export async function until(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  what = 'condition',
  intervalMs = 50,
): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await cond()) return Date.now() - start;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
