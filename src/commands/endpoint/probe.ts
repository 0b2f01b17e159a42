// `endpoint test`: send the app's endpoint a harmless payload signed exactly as Space signs it
// (Space HTTP API), and report what the endpoint answered — so an admin sees that the app verifies Space.
import { performance } from 'node:perf_hooks';
import { Agent, request } from '../../api/undici.js';
import { getAppSecret } from '../../api/apps.js';
import { appId } from '../../api/ids.js';
import type { App } from '../../api/types.js';
import { PUBLIC_KEY_SIGNATURE_HEADER, TIMESTAMP_HEADER, samplePayload, signPayload } from '../../domain/signing.js';
import { signOnServer } from '../../api/public-keys.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printFields, printJson, success, warn } from '../../io/output.js';
import { withSpinner } from '../../io/spinner.js';
import { resolveApp, appSummary } from '../../services/apps/ref.js';
import { askApp } from '../shared/app-ref.js';
import { requireValues } from '../shared/inputs.js';
import { appLevelAuthOf } from '../../services/endpoint/settings.js';
import { scrub } from '../../api/redact.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const BODY_PREVIEW = 200;

export interface ProbeResult {
  status: number | null;
  ok: boolean;
  latencyMs: number;
  /** First 200 characters of the answer, with any of the app's secrets masked. */
  body: string;
  error?: string;
}

export async function endpointTest(flags: { app?: string; timeout?: string }, f: Factory): Promise<number> {
  const [ref] = await requireValues(f, [{ flag: '--app', value: flags.app, ask: askApp(f) }] as const);
  const timeoutMs = parseTimeout(flags.timeout);
  const api = await f.api();
  const app = await resolveApp(api, ref);
  if (!app.endpointURI) {
    throw new CliError(`${app.name} has no endpoint URI, so there is nothing to test`, ExitCode.Error, `Set one first: spacectl endpoint set --app ${ref} --uri https://…`);
  }
  const id = appId(app.id);
  const secret = async (kind: 'signing-key' | 'verification-token' | 'bearer-token') => (await getAppSecret(api, id, kind)) ?? undefined;
  const signingKey = app.hasSigningKey ? await secret('signing-key') : undefined;
  const verificationToken = app.hasVerificationToken ? await secret('verification-token') : undefined;
  const auth = appLevelAuthOf(app);
  const bearer = auth === 'Bearer' && app.hasBearerToken ? await secret('bearer-token') : undefined;

  const body = samplePayload({ clientId: app.clientId, ...(verificationToken ? { verificationToken } : {}) });
  // One timestamp for both signatures, as Space sends one X-Space-Timestamp.
  const timestamp = String(Date.now());
  const publicKeySignature = app.hasPublicKeySignature ? await signOnServer(api, id, timestamp, body) : undefined;

  const notes: string[] = [];
  if (app.hasSigningKey && !signingKey) notes.push('signing is on but the app has no signing key yet; sent unsigned');
  if (app.hasPublicKeySignature && !publicKeySignature) notes.push('public-key signatures are made with Space\'s private key, and this server does not sign on request (spacectl\'s emulator does); X-Space-Public-Key-Signature is not sent');
  if (auth === 'Basic') notes.push('the basic-auth password cannot be read back from Space; no Authorization header is sent');
  if (!signingKey && !verificationToken && !app.hasPublicKeySignature) notes.push('the app verifies nothing: anyone could call this endpoint as if they were Space');

  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', 'user-agent': 'spacectl endpoint test' };
  if (signingKey) Object.assign(headers, signPayload(body, signingKey, timestamp).headers);
  if (publicKeySignature) Object.assign(headers, { [TIMESTAMP_HEADER]: timestamp, [PUBLIC_KEY_SIGNATURE_HEADER]: publicKeySignature });
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  const sentWith = [signingKey && 'signing-key', publicKeySignature && 'public-key', verificationToken && 'verification-token', bearer && 'bearer-token'].filter((x): x is string => Boolean(x));

  const result = await withSpinner(f.io, `Calling ${app.endpointURI}`, () =>
    send(app, body, headers, timeoutMs, [signingKey, verificationToken, bearer].filter((s): s is string => Boolean(s))),
  );

  if (f.io.json) {
    printJson(f.io, { app: appSummary(app), uri: app.endpointURI, sentWith, notes, ...result });
  } else {
    for (const n of notes) warn(f.io, n);
    printFields(f.io, [
      ['endpoint', app.endpointURI],
      ['sent with', sentWith.length ? sentWith : 'nothing (unsigned)'],
      ['status', result.status ?? 'no answer'],
      ['latency', `${result.latencyMs} ms`],
      ['answered', result.error ?? (result.body || '(empty body)')],
    ]);
    if (result.ok) success(f.io, `The endpoint accepted the ${sentWith.length ? 'signed ' : ''}call (HTTP ${result.status}).`);
    else if (result.status !== null) warn(f.io, `The endpoint rejected the call (HTTP ${result.status}). If it verifies signatures, check that it has the current ${sentWith[0] ?? 'key'}.`);
    else warn(f.io, `The endpoint could not be reached: ${result.error}`);
  }
  return result.ok ? ExitCode.Ok : ExitCode.Error;
}

function parseTimeout(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_TIMEOUT_MS;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) <= 0) throw new UsageError(`--timeout "${raw}" is not a positive number of milliseconds, e.g. --timeout 5000`);
  return Number(raw);
}

async function send(app: App, body: string, headers: Record<string, string>, timeoutMs: number, secrets: string[]): Promise<ProbeResult> {
  // A private pool: honours the app's TLS-verification setting and is closed at once (no lingering sockets).
  const agent = new Agent({ connect: { rejectUnauthorized: app.endpointSslVerification !== false, timeout: timeoutMs } });
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const res = await request(app.endpointURI!, { method: 'POST', headers, body, dispatcher: agent, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.body.text();
    return { status: res.statusCode, ok: res.statusCode >= 200 && res.statusCode < 300, latencyMs: elapsed(), body: scrub(text, secrets, '[REDACTED]').slice(0, BODY_PREVIEW) };
  } catch (e) {
    return { status: null, ok: false, latencyMs: elapsed(), body: '', error: scrub(describe(e, timeoutMs), secrets, '[REDACTED]') };
  } finally {
    await agent.close().catch(() => undefined);
  }
}

function describe(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || /Timeout/.test(err.code ?? '')) return `no answer within ${timeoutMs} ms`;
  const code = err.cause?.code ?? err.code;
  const msg = err.cause?.message ?? err.message ?? String(e);
  return code ? `${code}: ${msg}` : msg;
}
