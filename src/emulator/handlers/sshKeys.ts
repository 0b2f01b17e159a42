// Application SSH keys (Space HTTP API). Fingerprints as `ssh-keygen -l` prints them: `fingerprint` is
// MD5 colon-hex without prefix, `sha256fingerprint` is `SHA256:<base64, no padding>`.
import sshpk from 'sshpk';
import { parsePublicKey } from '../../domain/ssh-keys.js';
import { duplicated, notFound, validation } from '../errors.js';
import { nowIso, targetApp, type Handler } from './context.js';

export const addSshKey: Handler = (c) => {
  const app = targetApp(c);
  const { publicKey, comment } = c.body as { publicKey: string; comment: string };
  let fingerprint: string;
  let sha256: string;
  try {
    if (/^sk-/.test(String(publicKey).trim())) {
      // FIDO keys (sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com), which Space accepts: sshpk
      // does not know these types, so they are read by the wire-format parser the CLI uses.
      const k = parsePublicKey(String(publicKey));
      [fingerprint, sha256] = [k.md5, k.sha256];
    } else {
      const key = sshpk.parseKey(publicKey.trim(), 'ssh');
      [fingerprint, sha256] = [key.fingerprint('md5').toString('hex'), key.fingerprint('sha256').toString('base64')];
    }
  } catch (e) {
    throw validation(`Field 'publicKey' is not a valid OpenSSH public key: ${(e as Error).message}`);
  }
  if (app.sshKeys.some((k) => k.fingerprint === fingerprint)) {
    throw duplicated(`SSH key with fingerprint ${fingerprint} is already added to application '${app.name}'`);
  }
  app.sshKeys.push({
    fingerprint,
    sha256fingerprint: sha256,
    publicKey: publicKey.trim(),
    comment,
    createdAt: nowIso(),
  });
  c.state.touch();
  return undefined;
};

export const listSshKeys: Handler = (c) =>
  targetApp(c).sshKeys.map((k) => ({ ...k, lastUsed: null, lastResource: null }));

export const deleteSshKey: Handler = (c) => {
  const app = targetApp(c);
  // Accept the MD5 form as returned by GET (also with an `MD5:` prefix) and the SHA256 form.
  const fp = (c.params.fingerprint ?? '').trim();
  const md5 = fp.replace(/^MD5:/i, '').toLowerCase();
  const idx = app.sshKeys.findIndex((k) => k.fingerprint === md5 || k.sha256fingerprint === fp);
  if (idx < 0) throw notFound(`SSH key with fingerprint '${fp}' not found for application '${app.name}'`);
  app.sshKeys.splice(idx, 1);
  c.state.touch();
  return undefined;
};
