import { PassThrough, Readable } from 'node:stream';
import { makeIO } from '../../src/io/io.js';
import { spinnerAllowed, withSpinner } from '../../src/io/spinner.js';

/** A stderr that claims to be a terminal of the given width, recording what is written. */
function terminal(columns: number | undefined) {
  const err = Object.assign(new PassThrough(), { isTTY: true, columns, cursorTo() { return true; }, moveCursor() { return true; }, clearLine() { return true; } });
  let written = '';
  err.on('data', (d) => (written += d));
  const io = makeIO({ in: Readable.from([]), out: new PassThrough(), err, stdinTTY: true, stdoutTTY: true, stderrTTY: true }, { NO_COLOR: '1' });
  return { io, written: () => written };
}

describe('spinner policy', () => {
  test('a pseudo-terminal without a size (0 columns) gets no spinner, and the work still runs', async () => {
    const t = terminal(0);
    expect(spinnerAllowed(t.io)).toBe(false);
    await expect(withSpinner(t.io, 'Creating application', async () => 42)).resolves.toBe(42);
    expect(t.written()).toBe('');
  });

  test('unknown width and non-terminals get none either', () => {
    expect(spinnerAllowed(terminal(undefined).io)).toBe(false);
    const piped = makeIO({ in: Readable.from([]), out: new PassThrough(), err: new PassThrough(), stdinTTY: false, stdoutTTY: false, stderrTTY: false }, {});
    expect(spinnerAllowed(piped)).toBe(false);
  });

  test('a terminal with a width shows the spinner on stderr and stops it, also when the work fails', async () => {
    const t = terminal(80);
    expect(spinnerAllowed(t.io)).toBe(true);
    await expect(withSpinner(t.io, 'Creating application', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(t.written()).toContain('Creating application');
  });
});
