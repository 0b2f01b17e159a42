// Starts the real emulator in-process on a random loopback port; tests talk to it over real HTTP.
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { cleanEnv, runCli, tmpDir, type RunResult } from './cli.js';

export const TOKENS = { admin: 'test-admin-token', projectAdmin: 'test-pat-token', member: 'test-member-token' } as const;
export type Who = keyof typeof TOKENS;

export async function startTestEmulator(o: { latencyMs?: number; tokenTtlSeconds?: number; statePath?: string; tls?: { cert: string; key: string } } = {}): Promise<Emulator> {
  return startEmulator({ port: 0, adminToken: TOKENS.admin, projectAdminToken: TOKENS.projectAdmin, memberToken: TOKENS.member, ...o });
}

/** Environment for a CLI run against the emulator as `who`, with its own empty config dir. */
export function envFor(emu: Emulator, who: Who = 'admin', extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return cleanEnv({ SPACE_URL: emu.url, SPACE_TOKEN: TOKENS[who], SPACECTL_CONFIG_DIR: tmpDir('spacectl-cfg-'), ...extra });
}

/** Requests that changed something (what an idempotent re-run must not send). */
export function writesSince(emu: Emulator, since: number): Array<{ method: string; path: string }> {
  return emu.requests().slice(since).filter((r) => r.method !== 'GET');
}

let appCounter = 0;
/** Creates an app through the CLI (as the env's user) and returns its unique name. */
export async function newApp(env: Record<string, string | undefined>, prefix = 'app'): Promise<string> {
  const name = `${prefix}-${++appCounter}`;
  const r = await runCli(['app', 'create', '--name', name], { env });
  if (r.code !== 0) throw new Error(`app create ${name} failed (${r.code}): ${r.stderr}`);
  return name;
}

/** Runs the CLI as `who` and returns the result; any exit code but 0 fails with the command and its stderr. */
export async function runOk(emu: Emulator, argv: string[], who: Who = 'admin'): Promise<RunResult> {
  const r = await runCli(argv, { env: envFor(emu, who) });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} → ${r.code}: ${r.stderr}`);
  return r;
}
