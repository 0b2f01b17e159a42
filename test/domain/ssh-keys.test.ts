import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sshpk from 'sshpk';
import { DomainError } from '../../src/domain/errors.js';
import {
  fingerprintsMatch,
  matchesFingerprint,
  normalizeFingerprint,
  parseFingerprint,
  parsePublicKey,
  SUPPORTED_KEY_TYPES,
} from '../../src/domain/ssh-keys.js';
import { domainError } from '../helpers/expect.js';

const fixtureDir = new URL('../fixtures/ssh/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, fixtureDir), 'utf8');
interface Expected {
  file: string;
  type: string;
  bits: number;
  comment: string;
  sha256: string;
  md5: string;
}
const expected = JSON.parse(fixture('fingerprints.json')) as Record<string, Expected>;

// SSH wire format helpers for crafting blobs by hand.
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const sshString = (v: string | Buffer): Buffer => {
  const b = typeof v === 'string' ? Buffer.from(v, 'latin1') : v;
  return Buffer.concat([u32(b.length), b]);
};
const blobOf = (...fields: (string | Buffer)[]): string => Buffer.concat(fields.map(sshString)).toString('base64');

describe('parsePublicKey with ssh-keygen fixtures', () => {
  const names = ['ed25519', 'ecdsa256', 'ecdsa384', 'ecdsa521', 'rsa2048', 'id_ed25519_throwaway'];
  it.each(names)('%s: type, bits, comment and fingerprints equal ssh-keygen', (name) => {
    const exp = expected[name] as Expected;
    const text = fixture(exp.file);
    const key = parsePublicKey(text, { source: exp.file });
    expect(key.type).toBe(exp.type);
    expect(key.bits).toBe(exp.bits);
    expect(key.comment).toBe(exp.comment);
    expect(key.sha256).toBe(exp.sha256);
    expect(key.md5).toBe(exp.md5);
    expect(key.line).toBe(text.trim());
    expect(key.blobBase64).toBe(text.split(' ')[1]);
  });

  it.each(names)('%s: agrees with sshpk as an independent oracle', (name) => {
    const exp = expected[name] as Expected;
    const key = parsePublicKey(fixture(exp.file));
    const ref = sshpk.parseKey(fixture(exp.file), 'ssh');
    expect(key.sha256).toBe(ref.fingerprint('sha256').toString());
    expect(key.md5).toBe(ref.fingerprint('md5').toString());
    expect(key.bits).toBe(ref.size);
  });

  it('refuses the 1024-bit RSA key naming the bit count and the minimum', () => {
    const err = domainError(() => parsePublicKey(fixture('rsa1024.pub'), { source: 'rsa1024.pub' }));
    expect(err.message).toMatch(/1024 bits/);
    expect(err.message).toMatch(/2048/);
    expect(err.message).toMatch(/^rsa1024\.pub: /);
    expect(err.hint).toMatch(/ssh-keygen -t ed25519/);
  });

  it('refuses a 1024-bit RSA key crafted with node crypto too', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const jwk = publicKey.export({ format: 'jwk' });
    const mpint = (b64url: string): Buffer => {
      const raw = Buffer.from(b64url, 'base64url');
      return (raw[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), raw]) : raw;
    };
    const line = `ssh-rsa ${blobOf('ssh-rsa', mpint(jwk.e as string), mpint(jwk.n as string))} x`;
    expect(domainError(() => parsePublicKey(line)).message).toMatch(/RSA key is 1024 bits; at least 2048/);
  });

  it('lists the supported types', () => {
    expect(SUPPORTED_KEY_TYPES).toEqual(
      expect.arrayContaining(['ssh-ed25519', 'ssh-rsa', 'sk-ssh-ed25519@openssh.com', 'sk-ecdsa-sha2-nistp256@openssh.com']),
    );
  });
});

describe('parsePublicKey input handling', () => {
  const ed = fixture('ed25519.pub').trim();
  const [edType, edB64] = ed.split(' ') as [string, string];

  it('ignores surrounding blank lines, CRLF and # comment lines', () => {
    const key = parsePublicKey(`\n\n# my laptop\r\n  ${ed}  \r\n\n`);
    expect(key.line).toBe(ed);
  });

  it('parses comments with spaces, and keys without comment', () => {
    expect(parsePublicKey(`${edType} ${edB64}   ci key for  deploys`).comment).toBe('ci key for deploys');
    const bare = parsePublicKey(`${edType}\t${edB64}`);
    expect(bare.comment).toBeUndefined();
    expect(bare.line).toBe(`${edType} ${edB64}`);
  });

  it('refuses two keys in one input', () => {
    const err = domainError(() => parsePublicKey(`${ed}\n${fixture('rsa2048.pub')}`));
    expect(err.message).toMatch(/2 lines\/keys; pass exactly one/);
  });

  it('refuses empty input', () => {
    expect(domainError(() => parsePublicKey('  \n ')).message).toMatch(/is empty/);
  });

  it('reports a truncated key with blob size and expected size', () => {
    const cut = edB64.slice(0, 40);
    const err = domainError(() => parsePublicKey(`${edType} ${cut} me@host`));
    const n = Buffer.from(cut, 'base64').length;
    expect(err.message).toBe(
      `the SSH public key: the key looks truncated: the base64 blob is ${n} bytes, an ssh-ed25519 key is 51`,
    );
  });

  it('reports truncation inside the type string and for variable-size keys', () => {
    expect(domainError(() => parsePublicKey(`${edType} ${edB64.slice(0, 12)}`)).message).toMatch(/truncated/);
    const rsa = fixture('rsa2048.pub').split(' ');
    const err = domainError(() => parsePublicKey(`ssh-rsa ${(rsa[1] as string).slice(0, 200)}`));
    expect(err.message).toMatch(/truncated: the base64 blob is 150 bytes, an ssh-rsa key is at least 19/);
  });

  it('refuses bad base64', () => {
    const err = domainError(() => parsePublicKey(`${edType} ${edB64.slice(0, 20)}!${edB64.slice(21)}`));
    expect(err.message).toMatch(/not valid base64 \(it contains the character "!"\)/);
    expect(domainError(() => parsePublicKey(`${edType} AAAAC`)).message).toMatch(/not valid base64/);
  });

  it('refuses a type mismatch (ed25519 blob with ssh-rsa prefix)', () => {
    const err = domainError(() => parsePublicKey(`ssh-rsa ${edB64} x`));
    expect(err.message).toMatch(/prefix says "ssh-rsa" but the key data is an "ssh-ed25519" key/);
  });

  it('refuses base64 that is not a key at all', () => {
    const junk = Buffer.from('hello world, this is not an ssh key at all').toString('base64');
    expect(domainError(() => parsePublicKey(`ssh-ed25519 ${junk}`)).message).toMatch(/not an SSH public key/);
  });

  it('refuses trailing bytes and wrong field sizes', () => {
    const extra = Buffer.concat([Buffer.from(edB64, 'base64'), Buffer.from([1, 2, 3])]).toString('base64');
    expect(domainError(() => parsePublicKey(`${edType} ${extra}`)).message).toMatch(/3 unexpected trailing bytes/);
    const short = blobOf('ssh-ed25519', Buffer.alloc(31, 7));
    expect(domainError(() => parsePublicKey(`ssh-ed25519 ${short}`)).message).toMatch(/public key is 31 bytes, expected 32/);
  });

  it('refuses an ECDSA blob with the wrong curve', () => {
    const bad = blobOf('ecdsa-sha2-nistp256', 'nistp384', Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]));
    expect(domainError(() => parsePublicKey(`ecdsa-sha2-nistp256 ${bad}`)).message).toMatch(/curve/);
  });

  it('refuses unknown types, DSA, missing prefix, and RFC 4716 format', () => {
    expect(domainError(() => parsePublicKey('ssh-foo AAAA')).message).toMatch(/unsupported key type "ssh-foo"; supported: ssh-ed25519/);
    expect(domainError(() => parsePublicKey('ssh-dss AAAA')).message).toMatch(/DSA keys are obsolete/);
    expect(domainError(() => parsePublicKey(`${edB64} me@host`)).message).toMatch(/prefix is missing/);
    const rfc = `---- BEGIN SSH2 PUBLIC KEY ----\n${edB64}\n---- END SSH2 PUBLIC KEY ----`;
    expect(domainError(() => parsePublicKey(rfc)).hint).toMatch(/ssh-keygen -i/);
  });
});

describe('private key pasted by mistake', () => {
  const priv = fixture('id_ed25519_throwaway');
  // Every base64 line of the private key body; none may appear in any message.
  const bodyLines = priv
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .map((l) => l.trim());

  const assertNoKeyMaterial = (err: DomainError): void => {
    const all = `${err.message} ${err.hint ?? ''}`;
    for (const l of bodyLines) {
      for (let i = 0; i + 16 <= l.length; i += 8) expect(all).not.toContain(l.slice(i, i + 16));
    }
  };

  it('refuses it, says PRIVATE and suggests the .pub next to the source', () => {
    const err = domainError(() => parsePublicKey(priv, { source: '~/.ssh/id_ed25519', file: true }));
    expect(err.message).toMatch(/PRIVATE key/);
    expect(err.message).toContain('~/.ssh/id_ed25519.pub');
    assertNoKeyMaterial(err);
  });

  it('suggests "the matching .pub file" when the source is not a file (--key, stdin, a manifest field)', () => {
    for (const source of ['--key', 'the key on standard input', 'apps[0].sshKeys[0].key']) {
      const err = domainError(() => parsePublicKey(priv, { source }));
      expect(err.message).toContain('use the public key instead (the matching .pub file)');
    }
  });

  it('suggests "the matching .pub file" without a source', () => {
    const err = domainError(() => parsePublicKey(priv));
    expect(err.message).toContain('the matching .pub file');
    assertNoKeyMaterial(err);
  });

  it.each([
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAxyz\n-----END RSA PRIVATE KEY-----'],
    ['-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIabc\n-----END EC PRIVATE KEY-----'],
    ['-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIabc\n-----END PRIVATE KEY-----'],
    ['PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\nAAAAIabc'],
  ])('recognizes other private key formats', (text) => {
    const err = domainError(() => parsePublicKey(text, { source: 'key.ppk' }));
    expect(err.message).toMatch(/PRIVATE key/);
    expect(err.message).not.toContain('MII');
    expect(err.message).not.toContain('AAAAIabc');
  });

  it('also refuses a private key pasted together with a public key', () => {
    expect(domainError(() => parsePublicKey(`${fixture('ed25519.pub')}\n${priv}`)).message).toMatch(/PRIVATE/);
  });
});

describe('sk-* (FIDO) keys crafted by hand', () => {
  const expectFingerprints = (blobB64: string, key: ReturnType<typeof parsePublicKey>): void => {
    const blob = Buffer.from(blobB64, 'base64');
    expect(key.sha256).toBe(`SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`);
    expect(key.md5).toBe(createHash('md5').update(blob).digest('hex').replace(/(..)(?!$)/g, '$1:'));
  };

  it('parses sk-ssh-ed25519@openssh.com', () => {
    const b64 = blobOf('sk-ssh-ed25519@openssh.com', Buffer.alloc(32, 0xab), 'ssh:');
    const key = parsePublicKey(`sk-ssh-ed25519@openssh.com ${b64} yubikey@spacectl`);
    expect(key).toMatchObject({ type: 'sk-ssh-ed25519@openssh.com', bits: 256, comment: 'yubikey@spacectl' });
    expectFingerprints(b64, key);
  });

  it('parses sk-ecdsa-sha2-nistp256@openssh.com', () => {
    const point = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 0x11)]);
    const b64 = blobOf('sk-ecdsa-sha2-nistp256@openssh.com', 'nistp256', point, 'ssh:');
    const key = parsePublicKey(`sk-ecdsa-sha2-nistp256@openssh.com ${b64}`);
    expect(key).toMatchObject({ type: 'sk-ecdsa-sha2-nistp256@openssh.com', bits: 256 });
    expectFingerprints(b64, key);
  });

  it('reports a missing application string as truncation', () => {
    const b64 = blobOf('sk-ssh-ed25519@openssh.com', Buffer.alloc(32, 1));
    expect(domainError(() => parsePublicKey(`sk-ssh-ed25519@openssh.com ${b64}`)).message).toMatch(
      /truncated: the base64 blob is 66 bytes, an sk-ssh-ed25519@openssh.com key is at least 70/,
    );
  });
});

describe('fingerprints', () => {
  const exp = expected.ed25519 as Expected;
  const key = parsePublicKey(fixture('ed25519.pub'));
  const sha = exp.sha256.slice('SHA256:'.length);

  it('normalizes all accepted forms', () => {
    expect(normalizeFingerprint(exp.sha256)).toEqual({ kind: 'sha256', value: sha });
    expect(normalizeFingerprint(`${sha}=`)).toEqual({ kind: 'sha256', value: sha });
    expect(normalizeFingerprint(`MD5:${exp.md5.toUpperCase()}`)).toEqual({ kind: 'md5', value: exp.md5 });
    expect(normalizeFingerprint(exp.md5.replace(/:/g, ''))).toEqual({ kind: 'md5', value: exp.md5 });
    expect(normalizeFingerprint(encodeURIComponent(exp.sha256))).toEqual({ kind: 'sha256', value: sha });
    expect(normalizeFingerprint('nope')).toBeUndefined();
  });

  it('matches a ParsedKey in every form', () => {
    for (const q of [exp.sha256, sha, `sha256:${sha}`, `MD5:${exp.md5}`, exp.md5, exp.md5.toUpperCase(), ` ${exp.md5} `]) {
      expect(matchesFingerprint(q, key)).toBe(true);
    }
    expect(matchesFingerprint((expected.rsa2048 as Expected).sha256, key)).toBe(false);
    expect(matchesFingerprint(sha.toLowerCase(), key)).toBe(false); // base64 is case-sensitive
    expect(matchesFingerprint('garbage', key)).toBe(false);
  });

  it('matches a stored Space SshKeyData record', () => {
    const stored = { fingerprint: exp.md5, sha256fingerprint: exp.sha256, comment: 'x', publicKey: key.line };
    expect(matchesFingerprint(sha, stored)).toBe(true);
    expect(matchesFingerprint(`MD5:${exp.md5}`, stored)).toBe(true);
    expect(matchesFingerprint(exp.sha256, { fingerprint: `MD5:${exp.md5}`, sha256fingerprint: null })).toBe(false);
    expect(matchesFingerprint(exp.md5, { fingerprint: `MD5:${exp.md5}` })).toBe(true);
  });

  it('fingerprintsMatch compares two strings', () => {
    expect(fingerprintsMatch(exp.sha256, sha)).toBe(true);
    expect(fingerprintsMatch(exp.md5, exp.sha256)).toBe(false);
  });

  it('parseFingerprint throws a DomainError for garbage', () => {
    expect(parseFingerprint(exp.md5)).toEqual({ kind: 'md5', value: exp.md5 });
    expect(domainError(() => parseFingerprint('abc')).message).toMatch(/"abc" is not an SSH key fingerprint/);
  });
});
