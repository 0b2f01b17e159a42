// Help in gh's shape on every level of the command tree, rendered by the one formatter.
import { Command } from 'commander';
import { createProgram } from '../../src/program.js';
import { helpTree } from '../../src/help/tree.js';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, runCli, spawnCli } from '../helpers/cli.js';

function program(argv?: string[]): Command {
  const noop = () => undefined;
  return createProgram({ exitCode: 0, factory: () => { throw new Error('not run'); } }, '0.0.0', {
    writeOut: noop, writeErr: noop, getOutHelpWidth: () => 80, getErrHelpWidth: () => 80, getOutHasColors: () => false, getErrHasColors: () => false,
  }, argv);
}

/** Every command path of the real tree (root, groups, leaves). */
function commandPaths(): string[][] {
  const root = program();
  const paths: string[][] = [];
  const walk = (c: Command, path: string[]) => {
    paths.push(path);
    for (const s of c.commands) if (s.name() !== 'help' && !(s as unknown as { _hidden?: boolean })._hidden) walk(s, [...path, s.name()]);
  };
  walk(root, []);
  return paths;
}

describe('help', () => {
  const paths = commandPaths();

  test('the tree is walked (groups and leaves)', () => {
    expect(paths.length).toBeGreaterThan(30);
    expect(paths).toContainEqual(['rights', 'request']);
  });

  test.each(paths.map((p) => [p.join(' ') || '(root)', p]))('%s --help: usage, flags, inherited flags, examples, learn more', async (_name, path) => {
    const r = await runCli([...(path as string[]), '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const titles = r.stdout.split('\n').filter((l) => /^[A-Z][A-Z ]+$/.test(l));
    expect(titles[0]).toBe('USAGE');
    expect(r.stdout).toContain(`\nUSAGE\n  spacectl${(path as string[]).map((p) => ` ${p}`).join('')}`);
    expect(titles).toEqual(expect.arrayContaining(['EXAMPLES', 'LEARN MORE']));
    if ((path as string[]).length) expect(titles).toContain('INHERITED FLAGS');
    // Global flags the examples may use are listed on every level.
    expect(r.stdout).toMatch(/\n {2}--json +print one JSON document/);
    expect(r.stdout).toMatch(/\n {2}\$ (.*\| )?spacectl /);
  });

  test('the root help documents the environment variables and exit codes', async () => {
    const r = await runCli(['--help']);
    for (const v of ['SPACE_URL', 'SPACE_TOKEN', 'SPACE_CLIENT_ID', 'SPACECTL_PROFILE', 'SPACECTL_CONFIG_DIR', 'SPACECTL_TIMEOUT_MS', 'SPACECTL_DEBUG', 'NO_COLOR', 'FORCE_COLOR', 'CLICOLOR', 'CI']) {
      expect(r.stdout).toMatch(new RegExp(`\\n {2}(\\S+, )?${v}\\b`));
    }
    // Every SPACECTL_* variable the code reads is documented.
    const used = new Set<string>();
    const walkSrc = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walkSrc(p);
        else if (p.endsWith('.ts')) for (const m of fs.readFileSync(p, 'utf8').matchAll(/env\.(SPACECTL_[A-Z_]+)/g)) used.add(m[1]!);
      }
    };
    walkSrc(path.join(ROOT, 'src'));
    expect(used.size).toBeGreaterThan(5);
    for (const v of used) expect(r.stdout).toContain(v);
    expect(r.stdout).toMatch(/\nEXIT CODES\n {2}0 +success/);
    expect(r.stdout).toMatch(/\n {2}130 +cancelled/);
  });

  test('`spacectl` alone prints the root help on stdout and exits 0, as does a bare group', async () => {
    const root = await spawnCli([]);
    expect(root.code).toBe(0);
    expect(root.stderr).toBe('');
    expect(root.stdout).toMatch(/^Register and configure applications/);
    expect(root.stdout).toContain('\nREGISTRATION COMMANDS\n');
    const group = await runCli(['rights']);
    expect(group.code).toBe(0);
    expect(group.stderr).toBe('');
    expect(group.stdout).toContain('\nUSAGE\n  spacectl rights <command> [flags]\n');
  });

  test('an unknown subcommand of a group is still a usage error', async () => {
    const r = await runCli(['app', 'crate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'crate'/);
  });

  test('help wraps to the terminal width it is given', async () => {
    const r = await runCli(['app', 'create', '--help']);
    expect(r.stdout.split('\n').filter((l) => !l.includes('$ spacectl')).every((l) => l.length <= 80)).toBe(true);
  });
});

describe('a run that names its command declares only that command\'s group', () => {
  const full = helpTree(program());
  const names = program().commands.map((c) => c.name());

  test.each(names.map((n) => [n]))('%s: every command under it exactly as in the whole tree', (name) => {
    const only = helpTree(program(['--profile', 'ci', name, 'x', '--json']));
    const mine = (t: typeof full) => Object.fromEntries(Object.entries(t).filter(([k]) => k === name || k.startsWith(`${name} `)));
    expect(mine(only)).toEqual(mine(full));
  });

  test('and leaves the other groups out (completion, which walks the tree, and unknown words get the whole tree)', () => {
    const children = (argv: string[]) => program(argv).commands.map((c) => c.name());
    expect(children(['app', 'list'])).not.toContain('emulator');
    expect(children(['--url', 'emulator', 'app', 'list'])).not.toContain('emulator');
    expect(children(['__complete', 'app'])).toEqual(names);
    expect(children(['apps', 'list'])).toEqual(names);
    expect(children(['--json'])).toEqual(names);
  });
});
