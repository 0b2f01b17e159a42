// A private CA's certificate file: read and checked once, trusted for one server in addition to Node's roots.
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { UsageError } from '../errors.js';

/** `label` names where the path came from (`--ca-file`, `SPACECTL_CA_FILE`, `profile acme`) for the error. */
export function readCaFile(file: string, label: string): string {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${label} "${file}": cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (!/-----BEGIN CERTIFICATE-----/.test(pem)) throw new UsageError(`${label} "${file}": not a PEM certificate file (expected "-----BEGIN CERTIFICATE-----")`);
  return pem;
}

/** What the connection pool trusts: Node's roots plus the file's certificates. */
export function trustedCas(pem: string): string[] {
  return [...tls.rootCertificates, pem];
}

export const absoluteCaPath = (file: string): string => path.resolve(file);
