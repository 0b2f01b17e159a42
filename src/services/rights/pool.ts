// A bounded worker pool over a (possibly paged, async) stream: at most `concurrency` items are in flight
// and items are pulled only when a worker is free, so a 5,000-app listing is never held in memory.

export interface PoolOptions {
  concurrency: number;
  /** Once aborted, no new item is taken; items already started run to completion. */
  signal?: AbortSignal;
}

/**
 * Runs `fn` for every item. `fn` should handle its own errors (a batch continues past one item's
 * failure); an error thrown by `fn` or by the stream stops the pool and is rethrown once the items in
 * flight have settled.
 */
export async function forEachBounded<T>(items: AsyncIterable<T> | Iterable<T>, o: PoolOptions, fn: (item: T) => Promise<void>): Promise<void> {
  const it: AsyncIterator<T> | Iterator<T> = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let failed: { error: unknown } | undefined;
  // Async generators queue concurrent next() calls, but a plain iterator does not care; serialise pulls anyway
  // so a paged listing fetches one page at a time.
  let pulling: Promise<unknown> = Promise.resolve();
  const pull = (): Promise<IteratorResult<T>> => {
    const next = pulling.then(() => it.next());
    pulling = next.catch(() => undefined);
    return next;
  };
  const worker = async (): Promise<void> => {
    while (!failed && !o.signal?.aborted) {
      let n: IteratorResult<T>;
      try {
        n = await pull();
      } catch (error) {
        failed ??= { error };
        return;
      }
      if (n.done || failed) return;
      try {
        await fn(n.value);
      } catch (error) {
        failed ??= { error };
        return;
      }
    }
  };
  const size = Math.max(1, Math.floor(o.concurrency));
  await Promise.all(Array.from({ length: size }, worker));
  if (failed || o.signal?.aborted) await it.return?.();
  if (failed) throw failed.error;
}
