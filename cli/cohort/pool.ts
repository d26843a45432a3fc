/**
 * Runs `task` over `items` with at most `limit` running at once, starting them in order. Results
 * come back in the items' order, whatever order they finish in. A task that throws does not stop
 * the others: its error is returned in its slot.
 */
export async function runBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<Array<{ ok: true; value: R } | { ok: false; error: unknown }>> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`concurrency limit must be a whole number of at least 1, got ${limit}`);
  }
  const results: Array<{ ok: true; value: R } | { ok: false; error: unknown }> = new Array(
    items.length,
  );
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await task(items[index], index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, () => worker()));
  return results;
}
