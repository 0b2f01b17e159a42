import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Emulator } from '../../src/emulator/index.js';
import { ROOT, runCli, scriptedPrompter, spawnCli, tmpDir } from '../helpers/cli.js';
import { envFor, startTestEmulator, writesSince, newApp } from '../helpers/emulator.js';

let emu: Emulator;
let env: Record<string, string | undefined>;
beforeAll(async () => {
  emu = await startTestEmulator();
  env = envFor(emu);
});
afterAll(async () => { await emu.close(); });

const FIX = path.join(ROOT, 'test/fixtures/ssh');
const fixture = (name: string) => path.join(FIX, name);
interface Expected { file: string; type: string; bits: number; comment: string; sha256: string; md5: string }
const expected = JSON.parse(fs.readFileSync(fixture('fingerprints.json'), 'utf8')) as Record<string, Expected>;
const KEYGEN_TYPE: Record<string, string> = { 'ssh-ed25519': 'ED25519', 'ecdsa-sha2-nistp256': 'ECDSA', 'ecdsa-sha2-nistp384': 'ECDSA', 'ecdsa-sha2-nistp521': 'ECDSA', 'ssh-rsa': 'RSA' };
const pub = (name: string) => fs.readFileSync(fixture(`${name}.pub`), 'utf8').trim();

const json = (s: string) => JSON.parse(s);
const lastPost = () => emu.requests().filter((q) => q.method === 'POST' && q.path.endsWith('/ssh-keys')).pop();

describe('ssh-key add', () => {
  test.each(['ed25519', 'ecdsa256', 'ecdsa384', 'ecdsa521', 'rsa2048'])('%s: fingerprints equal ssh-keygen -l (committed fixtures)', async (name) => {
    const app = await newApp(env, 'ssh-app');
    const e = expected[name]!;
    const r = await runCli(['ssh-key', 'add', '--app', app, '--file', fixture(e.file)], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${e.bits} ${e.sha256} ${e.comment} (${KEYGEN_TYPE[e.type]})\n`);
    const list = json((await runCli(['ssh-key', 'list', '--app', app, '--json'], { env })).stdout);
    expect(list.keys).toEqual([{ sha256: e.sha256, md5: `MD5:${e.md5}`, type: e.type, bits: e.bits, comment: e.comment, createdAt: expect.any(String), fingerprint: expect.any(String) }]);
  });

  test('the printed line is exactly what ssh-keygen -lf prints for the same file (real binary)', async () => {
    let keygen: string;
    try {
      keygen = execFileSync('ssh-keygen', ['-l', '-f', fixture('ed25519.pub')], { encoding: 'utf8' });
    } catch {
      keygen = `${expected.ed25519!.bits} ${expected.ed25519!.sha256} ${expected.ed25519!.comment} (ED25519)\n`; // no ssh-keygen here: the committed output
    }
    const r = await spawnCli(['ssh-key', 'add', '--app', await newApp(env, 'ssh-app'), '--file', fixture('ed25519.pub')], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(keygen);
  });

  test('adding the same key twice adds it once; both runs exit 0; the second sends no POST', async () => {
    const app = await newApp(env, 'ssh-app');
    const first = await runCli(['ssh-key', 'add', '--app', app, '--key', pub('ecdsa256'), '--json'], { env });
    expect(first.code).toBe(0);
    expect(json(first.stdout)).toMatchObject({ added: true, key: { sha256: expected.ecdsa256!.sha256, md5: `MD5:${expected.ecdsa256!.md5}`, comment: 'fixture-ecdsa256@spacectl' } });
    const before = emu.requests().length;
    const again = await runCli(['ssh-key', 'add', '--app', app, '--file', fixture('ecdsa256.pub'), '--comment', 'other comment'], { env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already on/);
    expect(writesSince(emu, before)).toEqual([]);
    expect(json((await runCli(['ssh-key', 'list', '--app', app, '--json'], { env })).stdout).keys).toHaveLength(1);
  });

  test('comment: --comment, else the key\'s own, else the file name, else "added by spacectl"', async () => {
    const app = await newApp(env, 'ssh-app');
    await runCli(['ssh-key', 'add', '--app', app, '--file', fixture('ed25519.pub'), '--comment', 'CI runner'], { env });
    // The key as `type base64`; the comment travels in its own field (the same body as a manifest's sshKeys).
    expect(lastPost()?.body).toEqual({ publicKey: pub('ed25519').split(' ').slice(0, 2).join(' '), comment: 'CI runner' });
    await runCli(['ssh-key', 'add', '--app', app, '--key-stdin'], { env, stdin: `${pub('ecdsa384')}\n` });
    expect(lastPost()?.body).toMatchObject({ comment: 'fixture-ecdsa384@spacectl' });
    const bare = pub('ecdsa521').split(' ').slice(0, 2).join(' ');
    const file = path.join(tmpDir(), 'deploy_bot.pub');
    fs.writeFileSync(file, `${bare}\n`);
    await runCli(['ssh-key', 'add', '--app', app, '--file', file], { env });
    expect(lastPost()?.body).toEqual({ publicKey: bare, comment: 'deploy_bot.pub' });
    const rsaBare = pub('rsa2048').split(' ').slice(0, 2).join(' ');
    await runCli(['ssh-key', 'add', '--app', app, '--key', rsaBare], { env });
    expect(lastPost()?.body).toEqual({ publicKey: rsaBare, comment: 'added by spacectl' });
  });

  test('a private key (file) is refused with exit 2, naming the .pub file, echoing nothing, sending nothing', async () => {
    const app = await newApp(env, 'ssh-app');
    const before = emu.requests().length;
    const file = fixture('id_ed25519_throwaway');
    const r = await runCli(['ssh-key', 'add', '--app', app, '--file', file], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PRIVATE key/);
    expect(r.stderr).toContain(`${file}.pub`);
    const secretLine = fs.readFileSync(file, 'utf8').split('\n')[1]!;
    expect(r.stdout + r.stderr).not.toContain(secretLine.slice(0, 20));
    expect(emu.requests().length).toBe(before);
  });

  test('a private key pasted on stdin is refused too', async () => {
    const r = await runCli(['ssh-key', 'add', '--app', await newApp(env, 'ssh-app'), '--key-stdin'], { env, stdin: fs.readFileSync(fixture('id_ed25519_throwaway'), 'utf8') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PRIVATE key.*\.pub/);
  });

  test('a truncated key, an RSA key under 2048 bits and a bad type are usage errors before any request', async () => {
    const app = await newApp(env, 'ssh-app');
    const before = emu.requests().length;
    const [type, b64] = pub('ed25519').split(' ') as [string, string];
    const truncated = await runCli(['ssh-key', 'add', '--app', app, '--key', `${type} ${b64.slice(0, 40)}`], { env });
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/truncated/);
    const weak = await runCli(['ssh-key', 'add', '--app', app, '--file', fixture('rsa1024.pub')], { env });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/1024 bits; at least 2048/);
    const dss = await runCli(['ssh-key', 'add', '--app', app, '--key', `ssh-dss ${b64}`], { env });
    expect(dss.code).toBe(2);
    expect(dss.stderr).toMatch(/unsupported key type "ssh-dss"/);
    expect(emu.requests().length).toBe(before);
  });

  test('key source: none without a TTY names all three flags; two at once is an error; a TTY prompts', async () => {
    const app = await newApp(env, 'ssh-app');
    const none = await spawnCli(['ssh-key', 'add', '--app', app], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--key <text>, --file <path> or --key-stdin/);
    const two = await runCli(['ssh-key', 'add', '--app', app, '--key', pub('ed25519'), '--file', fixture('ed25519.pub')], { env });
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/--key and --file cannot be combined/);
    const missing = await runCli(['ssh-key', 'add', '--app', app, '--file', path.join(tmpDir(), 'nope.pub')], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
    const prompter = scriptedPrompter([pub('ed25519')]);
    const r = await runCli(['ssh-key', 'add', '--app', app, '--json'], { env, tty: true, prompter });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ added: true, key: { sha256: expected.ed25519!.sha256 } });
  });
});

describe('ssh-key list / remove', () => {
  async function appWithKeys(): Promise<string> {
    const app = await newApp(env, 'ssh-app');
    for (const k of ['ed25519', 'rsa2048']) expect((await runCli(['ssh-key', 'add', '--app', app, '--file', fixture(`${k}.pub`)], { env })).code).toBe(0);
    return app;
  }
  const keysOf = async (app: string) => json((await runCli(['ssh-key', 'list', '--app', app, '--json'], { env })).stdout).keys as Array<{ sha256: string; fingerprint: string }>;

  test('human list: one row per key with both fingerprints', async () => {
    const app = await appWithKeys();
    const r = await runCli(['ssh-key', 'list', '--app', app], { env });
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
    expect(rows.map((x) => x.slice(0, 4))).toEqual([
      [expected.ed25519!.sha256, `MD5:${expected.ed25519!.md5}`, 'ssh-ed25519', 'fixture-ed25519@spacectl'],
      [expected.rsa2048!.sha256, `MD5:${expected.rsa2048!.md5}`, 'ssh-rsa', 'fixture-rsa2048@spacectl'],
    ]);
  });

  test('remove by SHA256 sends DELETE with the fingerprint exactly as GET returned it', async () => {
    const app = await appWithKeys();
    const target = (await keysOf(app))[0]!;
    const before = emu.requests().length;
    const r = await runCli(['ssh-key', 'remove', '--app', app, expected.ed25519!.sha256, '--yes', '--json'], { env });
    expect(r.code).toBe(0);
    expect(json(r.stdout)).toMatchObject({ removed: true, key: { sha256: expected.ed25519!.sha256 } });
    const del = writesSince(emu, before) as Array<{ method: string; path: string; rawPath?: string }>;
    expect(del).toHaveLength(1);
    expect(del[0]!.method).toBe('DELETE');
    expect(del[0]!.path.endsWith(`/ssh-keys/${target.fingerprint}`)).toBe(true);
    expect((await keysOf(app)).map((k) => k.sha256)).toEqual([expected.rsa2048!.sha256]);
  });

  test.each([
    ['MD5: prefix', (md5: string) => `MD5:${md5}`],
    ['bare colon hex', (md5: string) => md5],
    ['plain hex, upper case', (md5: string) => md5.replace(/:/g, '').toUpperCase()],
  ])('remove by MD5 (%s)', async (_what, form) => {
    const app = await appWithKeys();
    const r = await runCli(['ssh-key', 'remove', '--app', app, form(expected.rsa2048!.md5), '--yes'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Removed the SSH key/);
    expect((await keysOf(app)).map((k) => k.sha256)).toEqual([expected.ed25519!.sha256]);
  });

  test('a key not on the app: exit 0 with a note and no DELETE (removal is idempotent)', async () => {
    const app = await appWithKeys();
    const before = emu.requests().length;
    const r = await runCli(['ssh-key', 'remove', '--app', app, expected.ecdsa384!.sha256], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/nothing to remove/);
    const j = await runCli(['ssh-key', 'remove', '--app', app, expected.ecdsa384!.sha256, '--json'], { env });
    expect(json(j.stdout)).toMatchObject({ removed: false, reason: 'not-found' });
    expect(writesSince(emu, before)).toEqual([]);
  });

  test('confirmation: refused without --yes and no TTY; a bad fingerprint or none is a usage error', async () => {
    const app = await appWithKeys();
    const before = emu.requests().length;
    const r = await runCli(['ssh-key', 'remove', '--app', app, expected.ed25519!.sha256], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--yes/);
    const bad = await runCli(['ssh-key', 'remove', '--app', app, 'SHA256:short'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not an SSH key fingerprint/);
    const none = await runCli(['ssh-key', 'remove'], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--app, <fingerprint>/);
    expect(writesSince(emu, before)).toEqual([]);
  });

  test('on a TTY without a fingerprint it offers the app\'s keys, then confirms', async () => {
    const app = await appWithKeys();
    const target = (await keysOf(app))[1]!;
    const prompter = scriptedPrompter([target.fingerprint, true]);
    const r = await runCli(['ssh-key', 'remove', '--app', app], { env, tty: true, prompter });
    expect(r.code).toBe(0);
    expect(prompter.asked[0]).toBe('Key to remove');
    expect((await keysOf(app)).map((k) => k.sha256)).toEqual([expected.ed25519!.sha256]);
  });
});
