import path from 'node:path';
import { ROOT } from '../helpers/cli.js';
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
    expect(a.rights).toEqual({ global: ['Profile.View', 'Team.View'], projects: [{ key: 'BACKEND', rights: ['Project.Issues.View'] }, { key: 'MOBILE', rights: ['Project.View'] }] });
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
      `${file}:3:5: apps[0].flow: unknown key (allowed: name, description, email, flows, rights, endpoint, sshKeys, secrets)`,
      `${file}:7:18: apps[0].flows.authorizationCode.enabled: must be a boolean`,
      `${file}:10:13: apps[0].flows.authorizationCode.redirectUris[1]: must be a string`,
      `${file}:11:67: apps[0].endpoint.verification: must be one of "signing-key", "public-key"`,
      `${file}:14:5: apps[1]: missing required key "name"`,
    ]));
    expect(problems).toHaveLength(5);
  });

  test('JSON manifests get line numbers too', () => {
    const file = fixture('invalid.json');
    expect(problemsOf(() => loadManifest(file))).toEqual([`${file}:3:122: apps[0].flows.authorizationCode.redirectUris[0]: must be a string`]);
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

  test('missing file is a usage error naming -f', () => {
    expect(() => loadManifest('/nonexistent/spacectl.yaml')).toThrow('-f /nonexistent/spacectl.yaml: no such file');
  });
});
