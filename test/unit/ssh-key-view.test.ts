import fs from 'node:fs';
import path from 'node:path';
import { parsePublicKey } from '../../src/domain/ssh-keys.js';
import { keygenLine, keyView, sameKey } from '../../src/services/ssh-keys/keys.js';
import { commentFor } from '../../src/commands/ssh-key/key-input.js';
import { ROOT } from '../helpers/cli.js';

const FIX = path.join(ROOT, 'test/fixtures/ssh');
const expected = JSON.parse(fs.readFileSync(path.join(FIX, 'fingerprints.json'), 'utf8')) as Record<string, { file: string; bits: number; sha256: string; md5: string; comment: string }>;
const pub = (name: string) => fs.readFileSync(path.join(FIX, `${name}.pub`), 'utf8');

describe('keyView', () => {
  test('recomputes both fingerprints from the public key', () => {
    const e = expected.ecdsa521!;
    expect(keyView({ fingerprint: 'whatever-space-sends', publicKey: pub('ecdsa521'), comment: 'c', createdAt: null })).toEqual({
      sha256: e.sha256, md5: `MD5:${e.md5}`, type: 'ecdsa-sha2-nistp521', bits: 521, comment: 'c', createdAt: null, fingerprint: 'whatever-space-sends',
    });
  });
  test('falls back to Space\'s own fields when the key does not parse', () => {
    const e = expected.ed25519!;
    const v = keyView({ fingerprint: e.md5, sha256fingerprint: e.sha256.replace(/^SHA256:/, ''), publicKey: 'ssh-unknown AAAA', comment: 'c' });
    expect(v).toMatchObject({ sha256: e.sha256, md5: `MD5:${e.md5}`, type: null, bits: null, fingerprint: e.md5 });
  });
});

describe('keygenLine / sameKey / commentFor', () => {
  test('formats like ssh-keygen -l', () => {
    for (const [name, type] of [['ed25519', 'ED25519'], ['ecdsa384', 'ECDSA'], ['rsa2048', 'RSA']] as const) {
      const e = expected[name]!;
      expect(keygenLine(parsePublicKey(pub(name)))).toBe(`${e.bits} ${e.sha256} ${e.comment} (${type})`);
    }
    expect(keygenLine(parsePublicKey(pub('ed25519').split(' ').slice(0, 2).join(' ')))).toMatch(/ no comment \(ED25519\)$/);
  });
  test('sameKey compares digests whichever form Space used', () => {
    const k = parsePublicKey(pub('ed25519'));
    expect(sameKey({ fingerprint: expected.ed25519!.md5, publicKey: 'garbage', comment: '' }, k)).toBe(true);
    expect(sameKey({ fingerprint: 'x', publicKey: pub('ecdsa256'), comment: '' }, k)).toBe(false);
  });
  test('comment precedence', () => {
    const withComment = { parsed: parsePublicKey(pub('ed25519')), file: '/k/id.pub' };
    const bare = { parsed: parsePublicKey(pub('ed25519').split(' ').slice(0, 2).join(' ')) };
    expect(commentFor(withComment, 'CI')).toBe('CI');
    expect(commentFor(withComment, undefined)).toBe('fixture-ed25519@spacectl');
    expect(commentFor({ ...bare, file: '/k/id.pub' }, '  ')).toBe('id.pub');
    expect(commentFor(bare, undefined)).toBe('added by spacectl');
  });
});
