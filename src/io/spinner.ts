import type { IO } from './io.js';

/**
 * Spin only on a terminal with a known width. A pseudo-terminal without a size (`script`, `docker -t`, some CI
 * runners) reports 0 columns; ora divides by it and its line-clearing loop never ends (seen: a CLI spinning at
 * 90% CPU writing cursor-up sequences forever).
 */
export function spinnerAllowed(io: Pick<IO, 'err' | 'stderrTTY'>): boolean {
  const columns = (io.err as Partial<NodeJS.WriteStream>).columns;
  return io.stderrTTY && typeof columns === 'number' && columns > 0;
}

/** An ora spinner on stderr, only where it can render (never in CI logs, pipes or size-less terminals). */
export async function withSpinner<T>(io: IO, text: string, fn: () => Promise<T>): Promise<T> {
  if (!spinnerAllowed(io)) return fn();
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: io.err as NodeJS.WriteStream, color: 'cyan', isEnabled: true }).start();
  try {
    return await fn();
  } finally {
    spinner.stop();
  }
}
