/**
 * Asks for the next page as soon as one is handed out, so the vendor call (and its rate-limit wait)
 * runs while the page is applied, instead of after it. Pages are still applied one at a time, in
 * order, each committing its cursor: a failure while reading ahead surfaces after the page before it
 * has committed, as it would have without reading ahead.
 */
export async function* readAhead<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = iterator.next();
      // Awaited on the next turn; until then a rejection is not unhandled.
      next.catch(() => undefined);
      yield result.value;
    }
  } finally {
    await iterator.return?.();
  }
}
