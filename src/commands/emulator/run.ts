import fs from 'node:fs';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printFields, printJson, info } from '../../io/output.js';

export interface EmulatorFlags { host: string; port: string; state?: string; adminToken?: string; projectAdminToken?: string; memberToken?: string; latency: string; tokenTtl: string; tlsCert?: string; tlsKey?: string }

const int = (flag: string, v: string, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new UsageError(`${flag} "${v}" must be a whole number from 0 to ${max}`);
  return n;
};

function readPem(flag: string, file: string): string {
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) { throw new UsageError(`${flag} "${file}": cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`); }
  if (!/-----BEGIN [A-Z ]+-----/.test(text)) throw new UsageError(`${flag} "${file}": not a PEM file`);
  return text;
}

export async function emulatorRun(flags: EmulatorFlags, f: Factory): Promise<number> {
  const port = int('--port', flags.port, 65535);
  const latencyMs = int('--latency', flags.latency, 60_000);
  const tokenTtlSeconds = int('--token-ttl', flags.tokenTtl, 86_400);
  if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) throw new UsageError(`${flags.tlsCert ? '--tls-key' : '--tls-cert'} is missing: HTTPS needs both --tls-cert and --tls-key`);
  const tls = flags.tlsCert && flags.tlsKey ? { cert: readPem('--tls-cert', flags.tlsCert), key: readPem('--tls-key', flags.tlsKey) } : undefined;
  const { startEmulator } = await import('../../emulator/index.js');
  const emu = await startEmulator({ tls, host: flags.host, port, statePath: flags.state, adminToken: flags.adminToken, projectAdminToken: flags.projectAdminToken, memberToken: flags.memberToken, latencyMs, tokenTtlSeconds }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE') throw new CliError(`--port ${port}: ${flags.host}:${port} is already in use`, ExitCode.Error, 'Pick another --port, or --port 0 for a free one.');
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') throw new UsageError(`--host ${flags.host}: not an address of this machine`);
    if (tls && /^ERR_(OSSL|TLS|CRYPTO)/.test(e.code ?? '')) throw new UsageError(`--tls-cert/--tls-key: ${e.message} (expected a PEM certificate and its private key)`);
    throw e;
  });
  // The tokens are printed on purpose: this is a local test server and they are how you use it.
  if (f.io.json) printJson(f.io, { url: emu.url, tokens: emu.tokens, users: emu.users });
  else {
    printFields(f.io, [
      ['url', emu.url],
      ['admin token', `${emu.tokens.admin}   (${emu.users.admin.username}: Superadmin)`],
      ['project admin token', `${emu.tokens.projectAdmin}   (${emu.users.projectAdmin.username}: Project.Admin in BACKEND)`],
      ['member token', `${emu.tokens.member}   (${emu.users.member.username}: plain member)`],
      ['projects', 'BACKEND, MOBILE, WEB'],
      ['state', flags.state ?? 'in memory'],
    ]);
    info(f.io, `\nTry: SPACE_URL=${emu.url} SPACE_TOKEN=${emu.tokens.admin} spacectl app list\nStop with Ctrl+C.`);
  }
  await new Promise<void>((resolve) => {
    // Ctrl+C arrives as the run's signal (main owns SIGINT); SIGTERM from a supervisor stops it the same way.
    const stop = () => { process.removeListener('SIGTERM', stop); resolve(); };
    if (f.io.signal.aborted) return resolve();
    f.io.signal.addEventListener('abort', stop, { once: true });
    process.once('SIGTERM', stop);
  });
  await emu.close();
  return 0;
}
