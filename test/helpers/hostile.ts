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

export interface TestProxy { url: string; tunnels: string[]; close(): Promise<void> }

/**
 * A tiny forward proxy that only tunnels (CONNECT), to 127.0.0.1 whatever host was asked for, so a test can use
 * a server name that does not resolve: only a client that goes through the proxy reaches the server.
 * `credentials` ("user:password"): anything else gets 407.
 */
export async function connectProxy(o: { credentials?: string } = {}): Promise<TestProxy> {
  const net = await import('node:net');
  const tunnels: string[] = [];
  const server = http.createServer((_, res) => { res.writeHead(405); res.end(); });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  server.on('connect', (req: http.IncomingMessage, client: import('node:net').Socket, head: Buffer) => {
    const target = req.url ?? '';
    const expected = o.credentials && `Basic ${Buffer.from(o.credentials).toString('base64')}`;
    if (expected && req.headers['proxy-authorization'] !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    tunnels.push(target);
    const port = Number(target.slice(target.lastIndexOf(':') + 1));
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}
