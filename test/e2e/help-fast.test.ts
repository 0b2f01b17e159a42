// The help fast path (bin/spacectl.cjs → dist/help.cjs + dist/help.json) prints exactly what commander's own
// help prints, for every command, at 80 and 120 columns (terminal, with colour) and on a pipe; and it answers
// without loading commander or the ES module bundle.
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { main } from '../../src/main.js';
import { makeIO } from '../../src/io/io.js';
import { helpFor, type HelpTree } from '../../src/help/fast.js';
import { ROOT, cleanEnv, spawnCli, tmpDir } from '../helpers/cli.js';
import { hasScript, inPty, sh } from '../helpers/pty.js';

const tree = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist/help.json'), 'utf8')) as HelpTree;
const paths = Object.keys(tree).map((k) => (k ? k.split(' ') : []));
const groups = paths.filter((p) => Object.keys(tree[p.join(' ')]!.children).length > 0);

/** commander's rendering, through main() in-process, on a terminal of `columns` (colour on) or a pipe. */
async function commanderHelp(argv: string[], columns?: number): Promise<string> {
  const out = Object.assign(new PassThrough(), columns ? { columns, isTTY: true } : {});
  let text = '';
  out.on('data', (d) => (text += d));
  const tty = columns !== undefined;
  const env = tty ? { PATH: process.env.PATH } : cleanEnv();
  const io = makeIO({ in: Readable.from([]), out, err: new PassThrough(), stdinTTY: false, stdoutTTY: tty, stderrTTY: false }, env);
  const code = await main(argv, { io, env });
  expect(code).toBe(0);
  return text;
}

test('the build-time tree holds every command: root, groups and leaves', () => {
  expect(paths.length).toBeGreaterThan(30);
  expect(paths).toContainEqual(['app', 'create']);
  expect(groups).toContainEqual(['rights']);
});

describe.each([
  ['a pipe', undefined],
  ['80 columns', 80],
  ['120 columns', 120],
] as const)('on %s, the fast path prints what commander prints', (_where, columns) => {
  const o = { width: columns ?? 80, color: columns !== undefined };
  test.each(paths.map((p) => [p.join(' ') || '(root)', p]))('%s --help', async (_name, p) => {
    const argv = [...(p as string[]), '--help'];
    expect(helpFor(argv, tree, o)).toBe(await commanderHelp(argv, columns));
  });
  test.each(groups.map((p) => [p.join(' ') || '(root)', p]))('%s (a bare group)', async (_name, p) => {
    expect(helpFor(p as string[], tree, o)).toBe(await commanderHelp(p as string[], columns));
  });
});

describe('what the fast path leaves to commander', () => {
  test.each([
    [['app', 'list']], [['app', 'nope', '--help']], [['--json', '--help']], [['app', '--help', 'extra']], [['help', 'app']], [['app', 'create', '--name', 'x']],
  ])('%j', (argv) => {
    expect(helpFor(argv, tree, { width: 80, color: false })).toBeUndefined();
  });
});

describe('the real binary', () => {
  test.each([[['--help']], [[]], [['rights']], [['app', 'create', '-h']]])('%j on a pipe: commander\'s text, exit 0, without commander or any ES module', async (argv) => {
    const esm = path.join(tmpDir('spacectl-help-'), 'esm.txt');
    const hook = pathToFileURL(path.join(ROOT, 'test/fixtures/modules/esm-hook.mjs')).href;
    const r = await spawnCli(argv, { env: cleanEnv({ NODE_OPTIONS: `--import ${hook}`, MODULE_PROBE_ESM: esm }) });
    expect(r).toEqual({ code: 0, stdout: await commanderHelp(argv), stderr: '' });
    const loaded = fs.existsSync(esm) ? fs.readFileSync(esm, 'utf8') : '';
    expect(loaded).not.toContain('/dist/');
  });

  test('FORCE_COLOR on a pipe: bold titles, as commander prints them', async () => {
    const r = await spawnCli(['app', '--help'], { env: { PATH: process.env.PATH, FORCE_COLOR: '1' } });
    expect(r.stdout).toContain('\u001b[1mUSAGE\u001b[22m');
    expect(r.stdout).toBe(helpFor(['app', '--help'], tree, { width: 80, color: true }));
  });

  (hasScript ? test : test.skip)('in a real terminal of 100 columns: wrapped to 100, in colour', async () => {
    const r = await inPty(`stty cols 100; ${sh(process.execPath)} ${sh(path.join(ROOT, 'bin/spacectl.cjs'))} rights --help`, { PATH: process.env.PATH, HOME: process.env.HOME });
    expect(r.code).toBe(0);
    const want = helpFor(['rights', '--help'], tree, { width: 100, color: true })!;
    expect(r.screen.replace(/\r\n/g, '\n')).toContain(want.trimEnd());
  });
});
