import fs from 'node:fs';
import path from 'node:path';
import { ROOT, tmpDir } from '../helpers/cli.js';
import { ManifestError, loadManifest, parseManifest } from '../../src/manifest/load.js';

const fixture = (name: string) => path.join(ROOT, 'test/fixtures/manifests', name);

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ManifestError) return e.problems;
    throw e;
  }
  throw new Error('expected a ManifestError');
}

describe('loadManifest', () => {
  test('normalizes a full manifest: names → codes, key files read, paths resolved', () => {
    const m = loadManifest(fixture('full.yaml'));
    expect(m.apps).toHaveLength(1);
    const a = m.apps[0]!;
    expect(a.name).toBe('deploy-bot');
    // "View member profiles" is the name of Profile.View: deduplicated.
    expect(a.rights).toEqual({ required: ['Profile.View', 'Team.View', 'Project.Issues.View'], global: ['Profile.View', 'Team.View'], projects: [{ key: 'BACKEND', rights: ['Project.Issues.View'] }, { key: 'MOBILE', rights: ['Project.View'] }] });
    expect(m).toMatchObject({ version: 2, warnings: [] });
    expect(a.code).toEqual({ enabled: true, redirectUris: ['https://bot.example.com/cb', 'http://localhost:8080/cb'], pkce: true });
    expect(a.endpoint).toEqual({ uri: 'https://bot.example.com/space', verification: 'signing-key', sslVerification: true });
    expect(a.sshKeys?.map((k) => k.comment)).toEqual(['fixture-ed25519@spacectl', 'inline key']);
    expect(a.sshKeys?.[0]?.publicKey).toMatch(/^ssh-ed25519 AAAA\S+$/);
    expect(a.secrets.clientSecret).toEqual({ kind: 'file', path: fixture('secrets/deploy-bot.secret'), shown: './secrets/deploy-bot.secret' });
  });

  test('schema errors: every problem, one line each, with file:line:col and the offending key', () => {
    const file = fixture('invalid.yaml');
    const problems = problemsOf(() => loadManifest(file));
    expect(problems).toEqual(expect.arrayContaining([
      `${file}:3:5: apps[0].flow: unknown key; did you mean "flows"? (allowed: name, description, email, flows, rights, endpoint, sshKeys, secrets)`,
      `${file}:7:18: apps[0].flows.authorizationCode.enabled: must be true or false (YAML 1.2 reads yes/no/on/off as text)`,
      `${file}:10:13: apps[0].flows.authorizationCode.redirectUris[1]: must be text (quote it if it looks like a number or a boolean)`,
      `${file}:11:67: apps[0].endpoint.verification: must be one of "signing-key", "public-key", "verification-token", "none"`,
      `${file}:14:5: apps[1]: missing required key "name"`,
    ]));
    expect(problems).toHaveLength(5);
  });

  test('JSON manifests get line numbers too', () => {
    const file = fixture('invalid.json');
    expect(problemsOf(() => loadManifest(file))).toEqual([`${file}:3:122: apps[0].flows.authorizationCode.redirectUris[0]: must be text (quote it if it looks like a number or a boolean)`]);
  });

  test('semantic problems: unknown rights, global rights in projects, bad URIs and keys, duplicate apps', () => {
    const file = fixture('semantic.yaml');
    const problems = problemsOf(() => loadManifest(file));
    const at = (line: number) => problems.filter((p) => p.startsWith(`${file}:${line}:`));
    expect(at(5).join('\n')).toMatch(/redirectUris\[0\]: redirect URI "not-a-uri" is not absolute/);
    expect(at(5).join('\n')).toMatch(/redirectUris\[1\]: redirect URI "http:\/\/bot.example.com\/cb" uses plain http/);
    expect(at(7)[0]).toMatch(/rights.global\[0\]: .*Profile.Veiw.*Profile.View/);
    expect(at(9)[0]).toMatch(/rights.projects.BACKEND\[0\]: Applications.Create is a global right/);
    expect(at(11)[0]).toMatch(/sshKeys\[0\].file: cannot read .\/keys\/missing.pub: no such file/);
    expect(at(12)[0]).toMatch(/sshKeys\[1\].key: /);
    expect(at(13)[0]).toMatch(/apps\[1\].name: "bot" is already described by apps\[0\]/);
    expect(problems).toHaveLength(7);
  });

  test('YAML syntax errors and duplicate keys are located', () => {
    const problems = problemsOf(() => parseManifest('apps:\n  - name: a\n    name: b\n', 'm.yaml', '/tmp'));
    expect(problems[0]).toMatch(/^m.yaml:3:5: /);
    expect(problemsOf(() => parseManifest('apps: [ {name: a\n', 'm.yaml', '/tmp'))[0]).toMatch(/^m.yaml:\d+:\d+: /);
  });

  test('sinks: file, or envFile + variable, nothing else', () => {
    const text = 'apps:\n  - name: a\n    secrets:\n      clientSecret: { envFile: .env }\n  - name: b\n    secrets:\n      clientSecret: { envFile: .env, variable: B_SECRET }\n';
    expect(problemsOf(() => parseManifest(text, 'm.yaml', '/tmp'))).toEqual(['m.yaml:4:21: apps[0].secrets.clientSecret: give either { file: <path> } or { envFile: <path>, variable: <NAME> }']);
    const ok = parseManifest(text.replace('{ envFile: .env }', '{ file: a.secret }'), 'm.yaml', '/tmp');
    expect(ok.apps[1]!.secrets.clientSecret).toEqual({ kind: 'env', path: '/tmp/.env', shown: '.env (B_SECRET)', variable: 'B_SECRET' });
  });

  test('version 1 (no version:) is still read: rights.global is both required and requested there, with a warning', () => {
    const m = parseManifest('apps:\n  - name: a\n    rights:\n      global: [Team.View, Project.Issues.View]\n', 'm.yaml', '/tmp');
    expect(m.version).toBe(1);
    expect(m.apps[0]!.rights).toEqual({ required: ['Team.View', 'Project.Issues.View'], global: ['Team.View', 'Project.Issues.View'] });
    expect(m.warnings[0]).toMatch(/version 1 manifest/);
    expect(m.warnings[1]).toMatch(/apps\[0\]\.rights\.global lists project-level rights \(Project\.Issues\.View\).*every project/);
    // Version-2 keys in a version-1 file are refused with what to do.
    expect(problemsOf(() => parseManifest('apps:\n  - name: a\n    rights:\n      required: [Team.View]\n', 'm.yaml', '/tmp'))).toEqual([
      'm.yaml:4:17: apps[0].rights.required: needs `version: 2` at the top of the manifest (in version 1, rights.global also meant the required rights)',
    ]);
    expect(problemsOf(() => parseManifest('version: 3\napps:\n  - name: a\n', 'm.yaml', '/tmp'))[0]).toMatch(/version: must be one of 1, 2/);
  });

  test('app-level auth secrets are references (env or file), resolved when read; an inline secret is refused', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'basic.pw'), 'pw-from-file\n');
    const text = (auth: string) => `version: 2\napps:\n  - name: a\n    endpoint:\n      appLevelAuth: ${auth}\n`;
    const bearer = parseManifest(text('{ bearer: { token: { env: BOT_TOKEN } } }'), 'm.yaml', dir, { BOT_TOKEN: 'tok' });
    expect(bearer.apps[0]!.endpoint?.appLevelAuth).toEqual({ kind: 'bearer', token: { shown: '$BOT_TOKEN', value: 'tok' } });
    expect(parseManifest(text('{ bearer: { token: { env: BOT_TOKEN } } }'), 'm.yaml', dir, {}).apps[0]!.endpoint?.appLevelAuth).toEqual({ kind: 'bearer', token: { shown: '$BOT_TOKEN' } });
    const basic = parseManifest(text('{ basic: { username: space, password: { file: basic.pw } } }'), 'm.yaml', dir, {});
    expect(basic.apps[0]!.endpoint?.appLevelAuth).toEqual({ kind: 'basic', username: 'space', password: { shown: 'basic.pw', value: 'pw-from-file' } });
    expect(problemsOf(() => parseManifest(text('{ bearer: { token: s3cret } }'), 'm.yaml', dir))).toEqual([
      'm.yaml:5:40: apps[0].endpoint.appLevelAuth.bearer.token: a secret is never written in the manifest: give { env: VARIABLE } or { file: path }',
    ]);
    expect(problemsOf(() => parseManifest(text('{ bearer: { token: { env: X } } }').replace('version: 2\n', ''), 'm.yaml', dir))[0]).toMatch(/appLevelAuth: needs `version: 2`/);
  });

  test('missing file is a usage error naming -f', () => {
    expect(() => loadManifest('/nonexistent/spacectl.yaml')).toThrow('-f /nonexistent/spacectl.yaml: no such file');
  });
});
