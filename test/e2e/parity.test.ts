// Parity: for each concern, the imperative command and a manifest that says the same thing send the same API
// write requests (method, path, body) for the same live state. Two emulators get the same setup through the
// CLI; one runs the command, the other `apply`s the manifest; their write requests must be identical.
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { ROOT, runCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator } from '../helpers/emulator.js';

const KEY = path.join(ROOT, 'test/fixtures/ssh/ed25519.pub');
const KEY2 = path.join(ROOT, 'test/fixtures/ssh/ecdsa256.pub');

let cmdSide: Emulator;
let manifestSide: Emulator;
beforeAll(async () => {
  [cmdSide, manifestSide] = await Promise.all([startTestEmulator(), startTestEmulator()]);
});
afterAll(async () => {
  await Promise.all([cmdSide.close(), manifestSide.close()]);
});

interface Step { argv: string[]; stdin?: string }
interface Case {
  name: string;
  /** Run on both servers first (the live state). */
  setup?: Step[];
  command: Step;
  /** The app part of a version-2 manifest (indented under `- name: <app>`). */
  manifest: string;
  prune?: boolean;
  env?: Record<string, string>;
}

const URI = 'https://bot.example.com/space';
const CASES: Case[] = [
  { name: 'flow enable code with URIs and PKCE', command: { argv: ['flow', 'enable', 'code', '--redirect-uri', 'https://a.example.com/cb', '--redirect-uri', 'https://b.example.com/cb', '--pkce'] },
    manifest: 'flows:\n  authorizationCode: { enabled: true, redirectUris: [https://a.example.com/cb, https://b.example.com/cb], pkce: true }' },
  { name: 'flow enable code adding a URI to the stored ones', setup: [{ argv: ['flow', 'enable', 'code', '--redirect-uri', 'https://a.example.com/cb'] }],
    command: { argv: ['flow', 'enable', 'code', '--redirect-uri', 'https://c.example.com/cb'] },
    manifest: 'flows:\n  authorizationCode: { redirectUris: [https://c.example.com/cb] }' },
  { name: 'flow enable code --replace-redirect-uris = redirectUris with --prune', setup: [{ argv: ['flow', 'enable', 'code', '--redirect-uri', 'https://a.example.com/cb'] }],
    command: { argv: ['flow', 'enable', 'code', '--redirect-uri', 'https://c.example.com/cb', '--replace-redirect-uris'] },
    manifest: 'flows:\n  authorizationCode: { redirectUris: [https://c.example.com/cb] }', prune: true },
  { name: 'flow enable implicit', command: { argv: ['flow', 'enable', 'implicit', '--redirect-uri', 'http://localhost:3000/cb'] },
    manifest: 'flows:\n  implicit: { enabled: true, redirectUris: [http://localhost:3000/cb] }' },
  { name: 'flow disable client-credentials', command: { argv: ['flow', 'disable', 'client-credentials', '--yes'] }, manifest: 'flows:\n  clientCredentials: false' },
  { name: 'flow disable code keeps its URIs', setup: [{ argv: ['flow', 'enable', 'code', '--redirect-uri', 'https://a.example.com/cb'] }],
    command: { argv: ['flow', 'disable', 'code'] }, manifest: 'flows:\n  authorizationCode: { enabled: false }' },
  { name: 'endpoint set URI, SSL and signing key', command: { argv: ['endpoint', 'set', '--uri', URI, '--no-ssl-verification', '--verification', 'signing-key'] },
    manifest: `endpoint: { uri: ${URI}, sslVerification: false, verification: signing-key }` },
  { name: 'endpoint: verification token → public key turns the token off', setup: [{ argv: ['endpoint', 'set', '--uri', URI, '--verification', 'verification-token'] }],
    command: { argv: ['endpoint', 'set', '--verification', 'public-key'] }, manifest: 'endpoint: { verification: public-key }' },
  { name: 'endpoint: verification none', setup: [{ argv: ['endpoint', 'set', '--uri', URI, '--verification', 'signing-key'] }],
    command: { argv: ['endpoint', 'set', '--verification', 'none'] }, manifest: 'endpoint: { verification: none }' },
  { name: 'endpoint: a Bearer app keeps Bearer when the verification changes', setup: [{ argv: ['endpoint', 'set', '--uri', URI, '--bearer-token-stdin'], stdin: 'tok\n' }],
    command: { argv: ['endpoint', 'set', '--verification', 'signing-key'] }, manifest: 'endpoint: { verification: signing-key }' },
  { name: 'endpoint: bearer app-level auth (token from stdin / from the environment)', setup: [{ argv: ['endpoint', 'set', '--uri', URI] }],
    command: { argv: ['endpoint', 'set', '--bearer-token-stdin'], stdin: 'tok-1\n' },
    manifest: 'endpoint:\n  appLevelAuth: { bearer: { token: { env: PARITY_TOKEN } } }', env: { PARITY_TOKEN: 'tok-1' } },
  { name: 'endpoint: a new bearer token replaces the old one', setup: [{ argv: ['endpoint', 'set', '--uri', URI, '--bearer-token-stdin'], stdin: 'old\n' }],
    command: { argv: ['endpoint', 'set', '--bearer-token-stdin'], stdin: 'new\n' },
    manifest: 'endpoint:\n  appLevelAuth: { bearer: { token: { env: PARITY_TOKEN } } }', env: { PARITY_TOKEN: 'new' } },
  { name: 'endpoint: basic app-level auth', setup: [{ argv: ['endpoint', 'set', '--uri', URI, '--verification', 'signing-key'] }],
    command: { argv: ['endpoint', 'set', '--basic-auth-user', 'space', '--basic-auth-password-stdin'], stdin: 'pw\n' },
    manifest: 'endpoint:\n  appLevelAuth: { basic: { username: space, password: { env: PARITY_PW } } }', env: { PARITY_PW: 'pw' } },
  { name: 'rights request in global', command: { argv: ['rights', 'request', 'Profile.View', 'Team.View'] },
    manifest: 'rights:\n  required: [Profile.View, Team.View]\n  global: [Profile.View, Team.View]' },
  { name: 'rights request a project right in global (= every project)', command: { argv: ['rights', 'request', 'Project.Issues.View'] },
    manifest: 'rights:\n  required: [Project.Issues.View]\n  global: [Project.Issues.View]' },
  { name: 'project add with a right', command: { argv: ['project', 'add', 'BACKEND', '--right', 'Project.Issues.View'] },
    manifest: 'rights:\n  required: [Project.Issues.View]\n  projects: { BACKEND: [Project.Issues.View] }' },
  { name: 'rights request in a project when it is already required', setup: [{ argv: ['rights', 'request', 'Project.View'] }],
    command: { argv: ['rights', 'request', '--project', 'WEB', 'Project.View'] },
    manifest: 'rights:\n  required: [Project.View]\n  global: [Project.View]\n  projects: { WEB: [Project.View] }' },
  { name: 'project remove', setup: [{ argv: ['project', 'add', 'BACKEND', '--right', 'Project.View'] }, { argv: ['project', 'add', 'WEB', '--right', 'Project.View'] }],
    command: { argv: ['project', 'remove', 'WEB', '--yes'] }, manifest: 'rights:\n  required: [Project.View]\n  projects: { BACKEND: [Project.View] }', prune: true },
  { name: 'ssh-key add', command: { argv: ['ssh-key', 'add', '--file', KEY, '--comment', 'ci'] }, manifest: `sshKeys:\n  - { file: ${KEY}, comment: ci }` },
  { name: 'ssh-key remove', setup: [{ argv: ['ssh-key', 'add', '--file', KEY] }, { argv: ['ssh-key', 'add', '--file', KEY2] }],
    command: { argv: ['ssh-key', 'remove', 'SHA256:H19cZXEW3HhdlT0yr+uXoTK8qYzb+CEdw8abvhgV7W8', '--yes'] }, manifest: `sshKeys:\n  - { file: ${KEY} }`, prune: true },
];

/** The write requests since `from`, with the app's id made neutral. */
function writes(emu: Emulator, from: number): string[] {
  return emu.requests().slice(from).filter((q) => q.method !== 'GET' && !q.path.startsWith('/oauth'))
    .map((q) => `${q.method} ${q.path.replace(/id:[^/?]+/, 'APP')} ${JSON.stringify(q.body ?? null)}`);
}

async function run(app: string, step: Step, env: Record<string, string | undefined>): Promise<void> {
  const [group, verb, ...rest] = step.argv;
  const r = await runCli([group!, verb!, '--app', app, ...rest], { env, ...(step.stdin !== undefined ? { stdin: step.stdin } : {}) });
  if (r.code !== 0 && r.code !== 8) throw new Error(`${step.argv.join(' ')} → ${r.code}: ${r.stderr}`);
}

describe('command path = manifest path', () => {
  let n = 0;
  test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const app = `parity-${++n}`;
    const envC = envFor(cmdSide, 'admin');
    const envM = envFor(manifestSide, 'admin', c.env ?? {});
    for (const env of [envC, envM]) {
      const created = await runCli(['app', 'create', '--name', app], { env });
      expect(created.code).toBe(0);
      for (const s of c.setup ?? []) await run(app, s, env);
    }

    const beforeC = cmdSide.requests().length;
    await run(app, c.command, envC);
    const byCommand = writes(cmdSide, beforeC);

    const file = path.join(tmpDir(), 'spacectl.yaml');
    fs.writeFileSync(file, `version: 2\napps:\n  - name: ${app}\n${c.manifest.replace(/^/gm, '    ')}\n`);
    const beforeM = manifestSide.requests().length;
    const applied = await runCli(['apply', '-f', file, '--yes', ...(c.prune ? ['--prune'] : [])], { env: envM });
    expect([0, 8]).toContain(applied.code);
    const byManifest = writes(manifestSide, beforeM);

    expect(byCommand.length).toBeGreaterThan(0); // each case changes something
    expect(byManifest).toEqual(byCommand);
    // And both leave the app in sync with the manifest.
    expect((await runCli(['plan', '-f', file, ...(c.prune ? ['--prune'] : [])], { env: { ...envC, ...c.env } })).code).toBe(0);
  });
});
