// Parsing and fingerprinting of OpenSSH public keys (one `type base64 [comment]` line).
//
// The wire format is parsed by hand for every type: sshpk does not know the sk-* (FIDO) types, and one
// parser gives uniform, precise error messages (truncation, type mismatch). Fingerprints are plain
// SHA-256 / MD5 digests of the decoded blob, which is exactly what `ssh-keygen -l` prints.
import { createHash } from 'node:crypto';
import { DomainError } from './errors.js';
import { ellipsize } from './text.js';

export interface ParsedKey {
  type: string;
  bits?: number;
  blobBase64: string;
  comment?: string;
  /** Normalized `type base64 [comment]`. */
  line: string;
  /** `SHA256:…` without base64 padding, as `ssh-keygen -l -E sha256` prints it. */
  sha256: string;
  /** Lowercase colon-separated hex, without the `MD5:` prefix. */
  md5: string;
}

export interface ParseKeyOptions {
  /** Where the text came from (e.g. a file path); used in messages and for the `.pub` suggestion. */
  source?: string;
  /** The source is a file path: a private key there gets its `.pub` sibling suggested. */
  file?: boolean;
}

export const MIN_RSA_BITS = 2048;

type FieldKind = 'string' | 'mpint';
interface KeySpec {
  /** Fields after the type string, in wire order. */
  fields: { name: string; kind: FieldKind; size?: number }[];
  /** Curve name that must appear in the blob (ECDSA types). */
  curve?: string;
  bits?: number;
}

const EC_POINT = { nistp256: 65, nistp384: 97, nistp521: 133 } as const;

const KEY_SPECS: Record<string, KeySpec> = {
  'ssh-ed25519': { fields: [{ name: 'public key', kind: 'string', size: 32 }], bits: 256 },
  'ecdsa-sha2-nistp256': ecdsa('nistp256', 256),
  'ecdsa-sha2-nistp384': ecdsa('nistp384', 384),
  'ecdsa-sha2-nistp521': ecdsa('nistp521', 521),
  'ssh-rsa': {
    fields: [
      { name: 'exponent', kind: 'mpint' },
      { name: 'modulus', kind: 'mpint' },
    ],
  },
  'sk-ssh-ed25519@openssh.com': {
    fields: [
      { name: 'public key', kind: 'string', size: 32 },
      { name: 'application', kind: 'string' },
    ],
    bits: 256,
  },
  'sk-ecdsa-sha2-nistp256@openssh.com': {
    ...ecdsa('nistp256', 256),
    fields: [...ecdsa('nistp256', 256).fields, { name: 'application', kind: 'string' }],
  },
};

function ecdsa(curve: keyof typeof EC_POINT, bits: number): KeySpec {
  return {
    curve,
    bits,
    fields: [
      { name: 'curve name', kind: 'string', size: curve.length },
      { name: 'public point', kind: 'string', size: EC_POINT[curve] },
    ],
  };
}

export const SUPPORTED_KEY_TYPES: readonly string[] = Object.keys(KEY_SPECS);

/** Minimum blob size of a well-formed key of this type (exact size when all fields are fixed). */
function expectedSize(type: string, spec: KeySpec): { bytes: number; exact: boolean } {
  let bytes = 4 + type.length;
  let exact = true;
  for (const f of spec.fields) {
    bytes += 4 + (f.size ?? 0);
    if (f.size === undefined) exact = false;
  }
  return { bytes, exact };
}

const PRIVATE_KEY_MARKERS = [
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, // OPENSSH, RSA, EC, DSA, ENCRYPTED, PKCS#8
  /PuTTY-User-Key-File-\d/,
];

function privateKeyError(label: string, opts: ParseKeyOptions): DomainError {
  // A file gets its .pub sibling; a flag (--key), stdin or a manifest field gets the generic advice.
  const pub = opts.file && opts.source && !opts.source.endsWith('.pub') ? `${opts.source}.pub` : 'the matching .pub file';
  return new DomainError(
    `${label} is a PRIVATE key, which must never be uploaded; use the public key instead (${pub})`,
    'Keep the private key secret. If it was pasted somewhere shared, consider it compromised and generate a new one.',
  );
}

/** Parse exactly one OpenSSH public-key line. Throws DomainError with a one-line, key-free message. */
export function parsePublicKey(text: string, opts: ParseKeyOptions = {}): ParsedKey {
  const label = opts.source ?? 'the SSH public key';
  const fail = (msg: string, hint?: string): DomainError => new DomainError(`${label}: ${msg}`, hint);

  // Checked first and on the whole input so that no later message could echo private key material.
  if (PRIVATE_KEY_MARKERS.some((re) => re.test(text))) throw privateKeyError(label, opts);

  if (/----\s*BEGIN SSH2 PUBLIC KEY\s*----/.test(text)) {
    throw fail(
      'is in RFC 4716 (SSH2) format; an OpenSSH one-line key ("ssh-ed25519 AAAA… comment") is needed',
      'Convert it with: ssh-keygen -i -f <file>',
    );
  }

  // authorized_keys-style '#' comment lines and blank lines are ignored.
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length === 0) throw fail('is empty; expected one line like "ssh-ed25519 AAAA… comment"');
  if (lines.length > 1) {
    throw fail(`contains ${lines.length} lines/keys; pass exactly one public key at a time`);
  }
  const line = lines[0] as string;

  const [type = '', b64 = '', ...rest] = line.split(/\s+/);
  const comment = rest.length > 0 ? rest.join(' ') : undefined;

  // Own keys only: a line starting "constructor AAAA…" names no key type, whatever every object inherits.
  const spec = Object.hasOwn(KEY_SPECS, type) ? KEY_SPECS[type] : undefined;
  if (!spec) {
    if (/^AAAA[A-Za-z0-9+/]/.test(type)) {
      throw fail('starts with base64 data; the key type prefix is missing (e.g. "ssh-ed25519 AAAA…")');
    }
    const why = type === 'ssh-dss' ? ' (DSA keys are obsolete)' : '';
    throw fail(`unsupported key type "${ellipsize(type, 40)}"${why}; supported: ${SUPPORTED_KEY_TYPES.join(', ')}`);
  }
  if (b64 === '') throw fail(`has no key data after "${type}"`);

  const blob = decodeBase64(b64, fail);
  const bits = checkBlob(type, spec, blob, fail);

  if (type === 'ssh-rsa' && bits < MIN_RSA_BITS) {
    throw fail(
      `RSA key is ${bits} bits; at least ${MIN_RSA_BITS} bits are required`,
      'Generate a stronger key, e.g.: ssh-keygen -t ed25519',
    );
  }

  const blobBase64 = blob.toString('base64');
  return {
    type,
    bits,
    blobBase64,
    ...(comment !== undefined ? { comment } : {}),
    line: [type, blobBase64, ...(comment !== undefined ? [comment] : [])].join(' '),
    sha256: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`,
    md5: colonHex(createHash('md5').update(blob).digest()),
  };
}

function decodeBase64(b64: string, fail: (m: string) => DomainError): Buffer {
  // Buffer.from(…, 'base64') silently skips junk, so validate the alphabet first.
  // Missing padding is tolerated (the length check below then reports a truncation precisely).
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.replace(/=+$/, '').length % 4 === 1) {
    const bad = b64.match(/[^A-Za-z0-9+/=]/)?.[0];
    const what = bad !== undefined ? `contains the character ${JSON.stringify(bad)}` : 'is malformed';
    throw fail(`the key data is not valid base64 (it ${what}); copy the whole line from the .pub file`);
  }
  return Buffer.from(b64, 'base64');
}

/** Walk the length-prefixed wire fields; returns the key size in bits. */
function checkBlob(type: string, spec: KeySpec, blob: Buffer, fail: (m: string) => DomainError): number {
  const { bytes: minSize, exact } = expectedSize(type, spec);
  const truncated = (): DomainError =>
    fail(
      `the key looks truncated: the base64 blob is ${blob.length} bytes, an ${type} key is ${exact ? '' : 'at least '}${minSize}`,
    );

  let pos = 0;
  const readString = (): Buffer | undefined => {
    if (pos + 4 > blob.length) return undefined;
    const len = blob.readUInt32BE(pos);
    if (pos + 4 + len > blob.length) return undefined;
    const value = blob.subarray(pos + 4, pos + 4 + len);
    pos += 4 + len;
    return value;
  };

  // The type string inside the blob must match the prefix; a mismatch usually means a mixed-up paste.
  const inner = readString();
  if (inner === undefined) {
    // Distinguish "not a key at all" from "cut short": a sane type-string length that runs past the end is truncation.
    const len = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
    if (blob.length < 4 || (len > 0 && len <= 64)) throw truncated();
    throw fail(`the base64 data is not an SSH public key (no key type inside); expected a "${type}" key`);
  }
  const innerType = inner.toString('latin1');
  if (innerType !== type) {
    const known = Object.hasOwn(KEY_SPECS, innerType);
    throw fail(
      known
        ? `the prefix says "${type}" but the key data is an "${innerType}" key; use the line exactly as in the .pub file`
        : `the base64 data is not an "${type}" key (it does not start with that type); copy the whole line from the .pub file`,
    );
  }

  let bits = spec.bits ?? 0;
  for (const field of spec.fields) {
    const value = readString();
    if (value === undefined) throw truncated();
    if (field.size !== undefined && value.length !== field.size) {
      throw fail(`malformed ${type} key: ${field.name} is ${value.length} bytes, expected ${field.size}`);
    }
    if (field.name === 'curve name' && value.toString('latin1') !== spec.curve) {
      throw fail(`malformed ${type} key: curve is "${ellipsize(value.toString('latin1'), 20)}", expected "${spec.curve}"`);
    }
    if (field.name === 'public point' && value[0] !== 0x04) {
      throw fail(`malformed ${type} key: the public point is not in uncompressed form`);
    }
    if (field.name === 'modulus') bits = mpintBits(value);
  }
  if (pos !== blob.length) {
    throw fail(`malformed ${type} key: ${blob.length - pos} unexpected trailing bytes after the key data`);
  }
  return bits;
}

/** Bit length of an SSH mpint (big-endian, a leading zero byte only keeps it positive). */
function mpintBits(buf: Buffer): number {
  let i = 0;
  while (i < buf.length && buf[i] === 0) i++;
  if (i === buf.length) return 0;
  return (buf.length - i - 1) * 8 + (32 - Math.clz32(buf[i] as number));
}

function colonHex(buf: Buffer): string {
  return Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join(':');
}

// ---------------------------------------------------------------------------------------------------------
// Fingerprints

export type Fingerprint = { kind: 'sha256'; value: string } | { kind: 'md5'; value: string };

/**
 * Normalize a fingerprint in any common form: `SHA256:xxx` / `xxx` (base64, padding optional) or
 * `MD5:aa:bb:…` / `aa:bb:…` / 32 plain hex digits (case-insensitive). Percent-encoding (as in a DELETE
 * path) is undone. Returns undefined when the text is neither form.
 * MD5 values are returned as lowercase colon hex, SHA-256 values as unpadded base64 (case matters there).
 */
export function normalizeFingerprint(text: string): Fingerprint | undefined {
  let s = text.trim();
  if (s.includes('%')) {
    try {
      s = decodeURIComponent(s);
    } catch {
      return undefined;
    }
  }
  const md5 = /^(?:md5:)?((?:[0-9a-f]{2}:){15}[0-9a-f]{2}|[0-9a-f]{32})$/i.exec(s);
  if (md5) {
    const hex = (md5[1] as string).replace(/:/g, '').toLowerCase();
    return { kind: 'md5', value: hex.replace(/(..)(?!$)/g, '$1:') };
  }
  // SHA-256 digest = 32 bytes = 43 base64 chars without padding.
  const sha = /^(?:sha256:)?([A-Za-z0-9+/]{43})=?$/i.exec(s);
  if (sha) return { kind: 'sha256', value: sha[1] as string };
  return undefined;
}

/** Like normalizeFingerprint but throws a DomainError for input that is not a fingerprint. */
export function parseFingerprint(text: string): Fingerprint {
  const fp = normalizeFingerprint(text);
  if (!fp) {
    throw new DomainError(
      `"${ellipsize(text, 60)}" is not an SSH key fingerprint; expected SHA256:<43 base64 chars> or MD5 hex like aa:bb:…:ff`,
      'ssh-keygen -l -f key.pub prints the SHA256 form; add -E md5 for the MD5 form',
    );
  }
  return fp;
}

/** True when two fingerprint strings (any supported form) denote the same digest. */
export function fingerprintsMatch(a: string, b: string): boolean {
  const x = normalizeFingerprint(a);
  const y = normalizeFingerprint(b);
  return x !== undefined && y !== undefined && x.kind === y.kind && x.value === y.value;
}

/**
 * Whether a user-supplied fingerprint `query` denotes `key`. `key` may be a ParsedKey (`md5`, `sha256`) or a
 * Space `SshKeyData` record (`fingerprint` — format unconfirmed, probably MD5 — and `sha256fingerprint`).
 * Every present field is tried, so it works whichever form either side uses.
 */
export function matchesFingerprint(
  query: string,
  key: { md5?: string; sha256?: string; fingerprint?: string; sha256fingerprint?: string | null },
): boolean {
  const candidates = [key.md5, key.sha256, key.fingerprint, key.sha256fingerprint];
  return candidates.some((c) => typeof c === 'string' && fingerprintsMatch(query, c));
}
