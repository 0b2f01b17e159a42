// Small hostile servers for tests: a node:http server with a handler of the test's own, optionally in front
// of the emulator (forwarding what the handler leaves alone), that records what reached it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen { method: string; url: string; authorization?: string }
export interface HostileServer { url: string; seen: Seen[]; close(): Promise<void> }

/** Answers with `handle`; when it returns false the request is forwarded to `upstream` unchanged. */
export async function hostileServer(handle: (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => boolean | void, upstream?: string): Promise<HostileServer> {
  const seen: Seen[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    if (handle(req, res, body) !== false) return;
    if (!upstream) throw new Error('hostileServer: nothing to forward to');
    const up = http.request(`${upstream}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(upstream).host } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    up.end(body);
  });
  // Close sockets the client leaves open, so close() never waits on a keep-alive connection.
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}
