// `--report junit FILE` on rights authorize and apply: one test case per application, failures as <failure>.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { runCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => { emu = await startTestEmulator(); });
afterAll(async () => { await emu.close(); });

interface Case { name: string; failure?: string; skipped?: boolean }
function parse(xml: string): { tests: number; failures: number; cases: Case[] } {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
  expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  const suite = /<testsuite name="[^"]*" tests="(\d+)" failures="(\d+)"/.exec(xml)!;
  const cases = [...xml.matchAll(/<testcase classname="[^"]*" name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => {
    const failure = /<failure message="([^"]*)"/.exec(m[3] ?? '')?.[1];
    return { name: m[1]!, ...(failure ? { failure } : {}), ...(/<skipped /.test(m[3] ?? '') ? { skipped: true } : {}) };
  });
  return { tests: Number(suite[1]), failures: Number(suite[2]), cases };
}

test('rights authorize --report junit: an app a project admin may approve passes, one needing Superadmin fails', async () => {
  const member = envFor(emu, 'member');
  for (const [name, right, ctx] of [['rep-ok', 'Project.Issues.View', ['--project', 'BACKEND']], ['rep-denied', 'Project.Create', []]] as const) {
    expect((await runCli(['app', 'create', '--name', name], { env: member })).code).toBe(0);
    expect((await runCli(['rights', 'request', '--app', name, right, ...ctx], { env: member })).code).toBe(8);
  }
  const file = path.join(tmpDir(), 'authorize.xml');
  const r = await runCli(['rights', 'authorize', '--app', 'rep-ok', '--app', 'rep-denied', '--yes', '--report', 'junit', file], { env: envFor(emu, 'projectAdmin') });
  expect(r.code).toBe(5);
  const rep = parse(fs.readFileSync(file, 'utf8'));
  expect(rep.tests).toBe(2);
  expect(rep.failures).toBe(1);
  expect(rep.cases.find((c) => c.name.startsWith('rep-ok '))).toEqual({ name: expect.stringMatching(/^rep-ok \(id:\w+\)$/) });
  expect(rep.cases.find((c) => c.name.startsWith('rep-denied '))?.failure).toMatch(/permission/i);
  expect(fs.readdirSync(path.dirname(file))).toEqual(['authorize.xml']); // no scratch file left behind

  const bad = await runCli(['rights', 'authorize', '--app', 'rep-ok', '--yes', '--report', 'html', file], { env: envFor(emu, 'admin') });
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/--report takes a format and a file, e\.g\. --report junit/);
});

test('apply --report junit: a case per manifest app, passing, also when already in sync', async () => {
  const dir = tmpDir();
  const manifest = path.join(dir, 'spacectl.yaml');
  fs.writeFileSync(manifest, 'apps:\n  - name: rep-apply-1\n    description: one\n  - name: rep-apply-2\n    rights:\n      global: [Profile.View]\n');
  const file = path.join(dir, 'apply.xml');
  const env = envFor(emu, 'admin');
  const r = await runCli(['apply', '-f', manifest, '--yes', '--report', 'junit', file], { env });
  expect(r.code).toBe(0);
  expect(parse(fs.readFileSync(file, 'utf8'))).toEqual({ tests: 2, failures: 0, cases: [{ name: 'rep-apply-1' }, { name: 'rep-apply-2' }] });
  expect(fs.readFileSync(file, 'utf8')).toContain('create');
  const again = await runCli(['apply', '-f', manifest, '--yes', '--report', 'junit', file], { env });
  expect(again.code).toBe(0);
  expect(parse(fs.readFileSync(file, 'utf8')).cases.map((c) => c.name)).toEqual(['rep-apply-1', 'rep-apply-2']);
  expect(fs.readFileSync(file, 'utf8')).toContain('in sync');
});
