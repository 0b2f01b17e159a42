// A throw-away private CA and a server certificate for 127.0.0.1 (and space.test, a name only a test proxy reaches) signed by it, made with the system's openssl.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from './cli.js';

export interface TestPki { dir: string; caFile: string; certFile: string; keyFile: string; cert: string; key: string; otherCaFile: string; expiredCert: string }

/** Undefined (with the reason) when openssl is not installed: the caller prints that the TLS tests were skipped. */
export function makeTestPki(): TestPki | { skipped: string } {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    return { skipped: 'openssl is not installed (apt-get install openssl)' };
  }
  const dir = tmpDir('spacectl-pki-');
  const p = (f: string) => path.join(dir, f);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string) => ssl('req', '-x509', ...ec, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '3', '-subj', `/CN=spacectl test ${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  ca('ca');
  ca('other-ca');
  ssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(p('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:space.test\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '3', '-extfile', 'ext.cnf');
  // The same key and names, signed by the same CA, but expired (valid until a day before it was made).
  ssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'expired.pem', '-days', '-1', '-extfile', 'ext.cnf');
  return {
    dir, caFile: p('ca.pem'), otherCaFile: p('other-ca.pem'), certFile: p('server.pem'), keyFile: p('server.key'),
    cert: fs.readFileSync(p('server.pem'), 'utf8'), key: fs.readFileSync(p('server.key'), 'utf8'), expiredCert: fs.readFileSync(p('expired.pem'), 'utf8'),
  };
}
