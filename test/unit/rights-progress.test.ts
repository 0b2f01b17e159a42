import { PassThrough } from 'node:stream';
import { makeIO } from '../../src/io/io.js';
import { progressLine } from '../../src/io/progress.js';

function io(stderrTTY: boolean) {
  const err = new PassThrough();
  let text = '';
  err.on('data', (d) => (text += d));
  const x = makeIO({ in: new PassThrough(), out: new PassThrough(), err, stdinTTY: false, stdoutTTY: false, stderrTTY }, {});
  return { io: x, text: () => text };
}

describe('progress line of the batch authorizer', () => {
  test('silent when stderr is not a terminal', () => {
    const t = io(false);
    const p = progressLine(t.io);
    p.update('Processed 1 applications');
    p.done();
    expect(t.text()).toBe('');
  });

  test('redraws in place with \\r, throttled, and clears before other output', () => {
    const t = io(true);
    const p = progressLine(t.io, 10_000);
    p.update('Processed 1');
    p.update('Processed 2'); // within the throttle window: not drawn
    expect(t.text()).toBe('\r\x1b[2KProcessed 1');
    p.clear();
    expect(t.text().endsWith('\r\x1b[2K')).toBe(true);
    p.done(); // draws the last pending state once, then ends the line
    expect(t.text()).toContain('Processed 2');
  });
});
