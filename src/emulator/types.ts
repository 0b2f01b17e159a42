// Public types of the emulator (re-exported by index.ts).

export interface EmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (random free port). */
  port?: number;
  /** JSON state file: loaded at start if it exists, written atomically (debounced ~50 ms, flushed on close) after mutations. */
  statePath?: string;
  /** Default: random `adm-` + 24 hex chars. */
  adminToken?: string;
  /** Default: random `pad-` + 24 hex chars. */
  projectAdminToken?: string;
  /** Default: random `mem-` + 24 hex chars. */
  memberToken?: string;
  /** Delay added before answering each Space API request (simulated network). Default 0. */
  latencyMs?: number;
  /** `expires_in` of /oauth/token access tokens. Default 600. */
  tokenTtlSeconds?: number;
  /** Serve HTTPS with this certificate chain and key (PEM contents), e.g. to test a private CA. */
  tls?: { cert: string; key: string };
}

export interface EmulatorStats {
  requests: number;
  byMethod: Record<string, number>;
  /** POST+PATCH+DELETE+PUT Space API requests (including POST /oauth/token). */
  writes: number;
}

export interface RecordedRequest {
  method: string;
  /** Decoded pathname without query. */
  path: string;
  rawPath: string;
  query: Record<string, string | string[]>;
  body: unknown;
  /** Answered status; 0 when the socket was destroyed by an injected `reset` fault. */
  status: number;
}

export interface UserInfo {
  id: string;
  username: string;
  /** Display name, e.g. "Ada Admin". */
  name: string;
}

export interface FaultSpec {
  method?: string;
  /** Matched against the decoded path after /api/http, or '/oauth/token'. */
  pathPrefix?: string;
  /** Let this many matching requests through first: the fault hits the (skip+1)-th and later ones. */
  skip?: number;
  /** Answer the fault after the request was processed (its change is made), not instead of processing it. */
  after?: boolean;
  /** Default 500 (200 for body faults). */
  status?: number;
  /** Default derived from status (e.g. 429 → rate-limited). */
  error?: string;
  retryAfterSeconds?: number;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
  /** Send the headers and half of the body, then destroy the socket (a reset after the body started). */
  truncate?: boolean;
  /** Wait this long before answering (slow headers; past the client's timeout, a timeout). */
  delayMs?: number;
  /** Answer this text instead (e.g. an HTML page, '' for an empty body, cut-off JSON) with `contentType`. */
  rawBody?: string;
  contentType?: string;
  /** Answer this JSON value instead (null, `{ data: "oops" }`, an app without `id`, …). */
  json?: unknown;
  /**
   * Answer the error `status` (default 400) with the request (Authorization header and body) echoed in its
   * description; `'code'`: echoed in the `error` code field instead, as a careless server might.
   */
  echo?: boolean | 'code';
  /**
   * Paged GETs: 'grow' answers the first page again with an ever larger `next`; 'cycle' alternates two cursors;
   * 'overlap' starts a later page one item early (an item created before the cursor mid-listing).
   */
  paging?: 'grow' | 'cycle' | 'overlap';
  /** Paged GETs: report this totalCount (e.g. -1 or too small) on otherwise real pages. */
  totalCount?: number;
  /** How many matching requests to answer with this fault. */
  count: number;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  url: string;
  tokens: { admin: string; projectAdmin: string; member: string };
  users: { admin: UserInfo; projectAdmin: UserInfo; member: UserInfo };
  stats(): EmulatorStats;
  resetStats(): void;
  /** Last 10,000 Space API requests (not /__emulator), oldest first. */
  requests(): RecordedRequest[];
  setLatency(ms: number): void;
  injectFault(f: FaultSpec): void;
  /** Faults that hit a request so far, and those still waiting; clearFaults() drops the waiting ones. */
  faultStats(): { fired: number; pending: number };
  clearFaults(): void;
  /** Revokes every refresh token issued by the authorization-code flow (their next use fails); returns how many. */
  revokeRefreshTokens(): number;
  /** Closes the server and all keep-alive sockets, flushes state. */
  close(): Promise<void>;
}
