// A one-line, `\r`-updated progress counter on stderr, only when stderr is a terminal. Throttled, and
// cleared before result lines are printed so the two never interleave on a shared terminal.
import type { IO } from './io.js';

export interface Progress {
  update(text: string): void;
  /** Erase the line (before printing something else); the next update draws it again. */
  clear(): void;
  done(): void;
}

const NOOP: Progress = { update() {}, clear() {}, done() {} };

export function progressLine(io: IO, everyMs = 100): Progress {
  if (!io.stderrTTY) return NOOP;
  let shown = false;
  let last = 0;
  let pending: string | undefined;
  const draw = (text: string) => {
    io.err.write(`\r\x1b[2K${text}`);
    shown = true;
    last = Date.now();
    pending = undefined;
  };
  return {
    update(text) {
      if (Date.now() - last >= everyMs) draw(text);
      else pending = text;
    },
    clear() {
      if (shown) io.err.write('\r\x1b[2K');
      shown = false;
    },
    done() {
      if (pending !== undefined) draw(pending);
      if (shown) io.err.write('\n');
      shown = false;
    },
  };
}
