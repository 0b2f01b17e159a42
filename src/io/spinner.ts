import type { IO } from './io.js';

/** An ora spinner on stderr, only when stderr is a TTY (never in CI logs or under --json piping). */
export async function withSpinner<T>(io: IO, text: string, fn: () => Promise<T>): Promise<T> {
  if (!io.stderrTTY) return fn();
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: io.err as NodeJS.WriteStream, color: 'cyan', isEnabled: true }).start();
  try {
    const result = await fn();
    spinner.stop();
    return result;
  } catch (error) {
    spinner.stop();
    throw error;
  }
}
