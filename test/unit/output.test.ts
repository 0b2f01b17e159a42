import { PassThrough, Readable } from 'node:stream';
import { makeIO } from '../../src/io/io.js';
import { jsonArrayStream, loadStyle, printTable, style } from '../../src/io/output.js';
import { jsonWasPrinted } from '../../src/io/json-state.js';

function capture(o: { tty?: boolean; json?: boolean; env?: Record<string, string> } = {}) {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d) => (text += d));
  const io = makeIO({ in: Readable.from([]), out, err: new PassThrough(), stdinTTY: false, stdoutTTY: Boolean(o.tty), stderrTTY: false }, o.env ?? { NO_COLOR: '1' }, { json: o.json });
  return { io, text: () => text };
}

describe('jsonArrayStream: one JSON document written incrementally', () => {
  test('no items', () => {
    const c = capture({ json: true });
    const s = jsonArrayStream(c.io, 'apps');
    s.end({ summary: { apps: 0 } });
    expect(JSON.parse(c.text())).toEqual({ apps: [], summary: { apps: 0 } });
    expect(jsonWasPrinted(c.io)).toBe(true);
  });

  test('items are written as they come and the tail closes the document', () => {
    const c = capture({ json: true });
    const s = jsonArrayStream(c.io, 'apps');
    s.push({ id: 'a', contexts: [{ context: 'global', rights: [{ code: 'Team.View', status: 'granted' }] }] });
    expect(c.text()).toContain('"id": "a"'); // already on stdout before the end
    s.push({ id: 'b', contexts: [] });
    s.end({ summary: { apps: 2, approved: 1 } });
    s.end({ summary: 'ignored' }); // idempotent: a document is closed once
    expect(JSON.parse(c.text())).toEqual({
      apps: [{ id: 'a', contexts: [{ context: 'global', rights: [{ code: 'Team.View', status: 'granted' }] }] }, { id: 'b', contexts: [] }],
      summary: { apps: 2, approved: 1 },
    });
  });

  test('a failure midway still leaves valid JSON, carrying the error', () => {
    const c = capture({ json: true });
    const s = jsonArrayStream(c.io, 'apps');
    s.push({ id: 'a' });
    s.end({ error: { message: 'cannot reach http://x: connection reset' } });
    expect(JSON.parse(c.text())).toEqual({ apps: [{ id: 'a' }], error: { message: 'cannot reach http://x: connection reset' } });
  });
});

describe('printTable', () => {
  test('piped: tab-separated rows, no header', () => {
    const c = capture();
    printTable(c.io, ['NAME', 'ID'], [['a', '1'], ['bb', '2']]);
    expect(c.text()).toBe('a\t1\nbb\t2\n');
  });
  test('terminal: aligned columns under a header', () => {
    const c = capture({ tty: true });
    printTable(c.io, ['NAME', 'ID'], [['a', '1'], ['bb', '2']]);
    expect(c.text()).toBe('NAME  ID\na     1\nbb    2\n');
  });
  test('terminal with colour: the header is bold, the rows are plain', async () => {
    const c = capture({ tty: true, env: {} });
    await loadStyle(c.io); // what define.ts does before an action in a colour run
    printTable(c.io, ['NAME', 'ID'], [['a', '1']]);
    expect(c.text()).toBe('\u001b[1mNAME  ID\u001b[22m\na     1\n');
  });
});

describe('style: chalk only for runs that print colour', () => {
  test('without colour every style (also chained) returns the text unchanged', () => {
    const c = capture({ tty: true });
    expect(style(c.io).green('ok')).toBe('ok');
    expect(style(c.io).red.bold('x')).toBe('x');
    expect(style(c.io).dim(42 as unknown as string)).toBe('42');
  });
  test('with colour it is chalk, once loadStyle() has run', async () => {
    const c = capture({ tty: true, env: {} });
    await loadStyle(c.io);
    expect(style(c.io).green('ok')).toBe('\u001b[32mok\u001b[39m');
  });
});
