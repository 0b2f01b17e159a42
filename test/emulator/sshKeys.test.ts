import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { call, createApp } from './helpers.js';

let emu: Emulator;
let tmp: string;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-ssh-'));
});
afterAll(async () => {
  await emu.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function hasSshKeygen(): boolean {
  try { execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' }); return true; } catch (e) { return (e as { status?: number }).status !== undefined && (e as { code?: string }).code !== 'ENOENT'; }
}

// A fixed ed25519 key, used when ssh-keygen is unavailable.
const FIXED_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test@example';

describe('ssh keys', () => {
  test('add, list with fingerprints, duplicate, delete', async () => {
    const a = await createApp(emu, 'ssh-app');
    const keygen = hasSshKeygen();
    let publicKey = FIXED_KEY;
    let md5: string | undefined;
    let sha256: string | undefined;
    if (keygen) {
      const file = path.join(tmp, 'id_ed25519');
      execFileSync('ssh-keygen', ['-t', 'ed25519', '-N', '', '-C', 'ci@example', '-f', file, '-q']);
      publicKey = fs.readFileSync(`${file}.pub`, 'utf8').trim();
      // `256 SHA256:abc… ci@example (ED25519)` / `256 MD5:1f:2b:… ci@example (ED25519)`
      sha256 = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1];
      md5 = execFileSync('ssh-keygen', ['-l', '-E', 'md5', '-f', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1]!.replace(/^MD5:/, '');
    }
    const add = await call(emu, 'POST', `/applications/id:${a.id}/ssh-keys`, { token: emu.tokens.member, body: { publicKey, comment: 'ci key' } });
    expect(add.status).toBe(200);
    expect(add.text).toBe('');

    const list = await call(emu, 'GET', `/applications/id:${a.id}/ssh-keys?$fields=fingerprint,sha256fingerprint,comment,createdAt,publicKey`, { token: emu.tokens.member });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    const k = list.body[0];
    expect(k.comment).toBe('ci key');
    expect(k.publicKey).toBe(publicKey);
    expect(k.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(k.sha256fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    if (keygen) {
      expect(k.fingerprint).toBe(md5);
      expect(k.sha256fingerprint).toBe(sha256);
    }

    const dup = await call(emu, 'POST', `/applications/id:${a.id}/ssh-keys`, { token: emu.tokens.member, body: { publicKey, comment: 'again' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toBe('duplicated-entity');

    const invalid = await call(emu, 'POST', `/applications/id:${a.id}/ssh-keys`, { token: emu.tokens.member, body: { publicKey: 'ssh-ed25519 garbage', comment: 'x' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toBe('validation-error');
    const noComment = await call(emu, 'POST', `/applications/id:${a.id}/ssh-keys`, { token: emu.tokens.member, body: { publicKey } });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error_description).toContain('comment');

    expect((await call(emu, 'DELETE', `/applications/id:${a.id}/ssh-keys/${encodeURIComponent('00:11')}`, { token: emu.tokens.member })).status).toBe(404);
    const del = await call(emu, 'DELETE', `/applications/id:${a.id}/ssh-keys/${encodeURIComponent(k.fingerprint)}`, { token: emu.tokens.member });
    expect(del.status).toBe(200);
    expect((await call(emu, 'GET', `/applications/id:${a.id}/ssh-keys`)).body).toEqual([]);
  });
});
