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

interface Spinner { stop(): void }

async function startSpinner(io: IO, text: string): Promise<Spinner> {
  const { default: ora } = await import('ora');
  // discardStdin: false — ora would put the terminal in raw mode and only re-raise Ctrl+C if stdin flows, which
  // it does not here: Ctrl+C was swallowed. In cooked mode the terminal sends SIGINT, which main() handles.
  return ora({ text, stream: io.err as NodeJS.WriteStream, color: 'cyan', isEnabled: true, discardStdin: false }).start();
}

/** An ora spinner on stderr, only where it can render (never in CI logs, pipes or size-less terminals). */
export async function withSpinner<T>(io: IO, text: string, fn: () => Promise<T>): Promise<T> {
  if (!spinnerAllowed(io)) return fn();
  const activity = activityFor(io);
  const resume = activity.suspend();
  const spinner = await startSpinner(io, text);
  try {
    return await fn();
  } finally {
    spinner.stop();
    resume();
  }
}

/** How long a request may run before the activity spinner shows: quick answers never flicker. */
export const ACTIVITY_DELAY_MS = 150;

export interface Activity {
  /** A request started; call the returned function when it ends. */
  begin(): () => void;
  /** No activity spinner until the returned function is called (a command drawing its own progress). */
  suspend(): () => void;
}

const NO_ACTIVITY: Activity = { begin: () => () => undefined, suspend: () => () => undefined };
const activities = new WeakMap<object, Activity>();

/**
 * The spinner for waits nobody named: any request (reads included) that takes longer than ~150 ms shows
 * "Waiting for the server…" on stderr until no request is in flight. One per stderr stream.
 */
export function activityFor(io: IO): Activity {
  if (!spinnerAllowed(io)) return NO_ACTIVITY;
  let a = activities.get(io.err);
  if (a) return a;
  let inFlight = 0;
  let suspended = 0;
  let timer: NodeJS.Timeout | undefined;
  let spinner: Promise<Spinner> | undefined;
  const update = () => {
    const want = inFlight > 0 && suspended === 0;
    if (want && !spinner && !timer) {
      timer = setTimeout(() => {
        timer = undefined;
        if (inFlight > 0 && suspended === 0 && !spinner) spinner = startSpinner(io, 'Waiting for the server…');
      }, ACTIVITY_DELAY_MS);
      timer.unref();
    } else if (!want) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      const s = spinner;
      spinner = undefined;
      void s?.then((x) => x.stop());
    }
  };
  a = {
    begin() {
      inFlight++;
      update();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        inFlight--;
        update();
      };
    },
    suspend() {
      suspended++;
      update();
      let resumed = false;
      return () => {
        if (resumed) return;
        resumed = true;
        suspended--;
        update();
      };
    },
  };
  activities.set(io.err, a);
  return a;
}
