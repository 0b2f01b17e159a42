// Small HTTP client for emulator tests (real HTTP over loopback).
import type { Emulator } from '../../src/emulator/index.js';

export interface Res<T = any> { status: number; body: T; text: string; headers: Headers }

export async function call<T = any>(emu: Emulator, method: string, path: string, opts: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Res<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) };
  const token = opts.token === undefined ? emu.tokens.admin : opts.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const url = path.startsWith('/__emulator') || path.startsWith('/oauth') ? emu.url + path : `${emu.url}/api/http${path}`;
  const r = await fetch(url, { method, headers, body });
  const text = await r.text();
  let parsed: unknown = undefined;
  try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
  return { status: r.status, body: parsed as T, text, headers: r.headers };
}

export async function createApp(emu: Emulator, name: string, token = emu.tokens.member, extra: Record<string, unknown> = {}): Promise<{ id: string; clientId: string; name: string }> {
  const r = await call(emu, 'POST', '/applications', { token, body: { name, ...extra } });
  if (r.status !== 200) throw new Error(`create ${name}: ${r.status} ${r.text}`);
  return r.body;
}

export async function appToken(emu: Emulator, clientId: string, clientSecret: string, scope = '**'): Promise<Res> {
  return fetch(`${emu.url}/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
  }).then(async (r) => {
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined, text, headers: r.headers };
  });
}
