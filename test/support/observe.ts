/** What a body under observe() came to. */
export type Outcome<T> = { kind: 'value'; value: T } | { kind: 'error'; error: unknown } | { kind: 'pending' };

/**
 * Runs `body`, collecting errors that reach process 'uncaughtException' instead of letting them fail the whole
 * run, and stops waiting after `ms`. The readers once leaked stream errors when they stopped early or met a bad
 * byte; the tests of those paths go through this and assert that nothing was collected.
 */
export async function observe<T>(body: () => Promise<T>, ms = 5000): Promise<{ outcome: Outcome<T>; uncaught: unknown[] }> {
  const uncaught: unknown[] = [];
  const saved = process.listeners('uncaughtException');
  const collect = (error: unknown): void => {
    uncaught.push(error);
  };
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', collect);
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race<Outcome<T>>([
      body().then(
        (value) => ({ kind: 'value', value }),
        (error: unknown) => ({ kind: 'error', error }),
      ),
      new Promise<Outcome<T>>((resolve) => {
        timer = setTimeout(() => resolve({ kind: 'pending' }), ms);
      }),
    ]);
    // Stream errors surface a few ticks after the reader returns.
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { outcome, uncaught };
  } finally {
    clearTimeout(timer);
    process.removeListener('uncaughtException', collect);
    for (const listener of saved) process.on('uncaughtException', listener);
  }
}
