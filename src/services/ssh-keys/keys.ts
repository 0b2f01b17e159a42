// SSH keys as spacectl shows them: both fingerprints, whatever form Space returned (Space HTTP API leaves
// the format of `fingerprint` unconfirmed), recomputed from the public key when it parses.
import type { SshKeyData } from '../../api/types.js';
import { normalizeFingerprint, parsePublicKey, type ParsedKey } from '../../domain/ssh-keys.js';

/** One key in `ssh-key list --json` (and `add`/`remove`). */
export interface KeyView {
  sha256: string | null;
  md5: string | null;
  type: string | null;
  bits: number | null;
  comment: string;
  createdAt: string | null;
  /** Space's `fingerprint` value, exactly as returned (the one DELETE takes). */
  fingerprint: string;
}

export function keyView(k: SshKeyData): KeyView {
  let parsed: ParsedKey | undefined;
  try {
    parsed = parsePublicKey(k.publicKey);
  } catch {
    parsed = undefined; // a key Space accepted but we cannot parse: fall back to Space's own fields
  }
  const fromSpace = [k.fingerprint, k.sha256fingerprint].map((s) => (s ? normalizeFingerprint(s) : undefined));
  const md5 = parsed?.md5 ?? fromSpace.find((x) => x?.kind === 'md5')?.value ?? null;
  const sha = parsed?.sha256 ?? fromSpace.find((x) => x?.kind === 'sha256')?.value;
  return {
    sha256: sha ? (sha.startsWith('SHA256:') ? sha : `SHA256:${sha}`) : null,
    md5: md5 ? `MD5:${md5}` : null,
    type: parsed?.type ?? null,
    bits: parsed?.bits ?? null,
    comment: k.comment,
    createdAt: k.createdAt ?? null,
    fingerprint: k.fingerprint,
  };
}

const KEYGEN_TYPE: Record<string, string> = {
  'ssh-ed25519': 'ED25519',
  'ecdsa-sha2-nistp256': 'ECDSA',
  'ecdsa-sha2-nistp384': 'ECDSA',
  'ecdsa-sha2-nistp521': 'ECDSA',
  'ssh-rsa': 'RSA',
  'sk-ssh-ed25519@openssh.com': 'ED25519-SK',
  'sk-ecdsa-sha2-nistp256@openssh.com': 'ECDSA-SK',
};

/** The line `ssh-keygen -l -f key.pub` prints: `256 SHA256:… comment (ED25519)`. */
export function keygenLine(k: ParsedKey): string {
  return `${k.bits ?? '?'} ${k.sha256} ${k.comment ?? 'no comment'} (${KEYGEN_TYPE[k.type] ?? k.type.toUpperCase()})`;
}

/** Whether a key on the app is `k` (compared by digest, so any fingerprint form Space uses matches). */
export function sameKey(onApp: SshKeyData, k: Pick<ParsedKey, 'sha256' | 'md5'>): boolean {
  const v = keyView(onApp);
  return v.sha256 === k.sha256 || v.md5 === `MD5:${k.md5}`;
}
