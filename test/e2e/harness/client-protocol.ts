// The JSON that the harness and the in-namespace client program (request-client.ts) exchange: the
// command goes in as argv[2], the result comes back as one line on stdout. Types only, so the client
// stays a self-contained program.

/** Send `count` requests (GET unless told), `concurrency` at a time, bounded per request and overall. */
export interface RequestsCommand {
  mode: 'requests';
  url: string;
  count: number;
  /** @default 1 */
  concurrency?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** @default 'GET' */
  method?: string;
  /** Send a body of this many bytes (`x`), e.g. to cross client_max_body_size. @default no body */
  bodyBytes?: number;
  /** The client's source address (any 127.x.y.z), so a proxy's view of the client can be told from its own. */
  localAddress?: string;
  /** Response headers (lower case) whose values are counted, e.g. `x-slot`. */
  countHeaders?: string[];
  /** How many full responses (status, headers, body) to return, in order of completion. @default 0 */
  keep?: number;
  /** Reuse connections to nginx. @default true */
  keepAlive?: boolean;
  /** @default 5000 */
  requestTimeoutMs?: number;
  /** Stop sending new requests after this long. @default 30000 */
  deadlineMs?: number;
}

/** One full response, for assertions on headers and bodies. */
export interface KeptResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Counts over all requests of a {@link RequestsCommand}. */
export interface RequestsResult {
  /** Requests attempted (fewer than asked if the deadline passed). */
  total: number;
  /** Status code -> count. */
  byStatus: Record<string, number>;
  /** Header name -> header value -> count (`-` when absent). */
  byHeader: Record<string, Record<string, number>>;
  /** Error code (ECONNREFUSED, TIMEOUT, ...) -> count, for requests that got no response. */
  errors: Record<string, number>;
  kept: KeptResponse[];
  durationMs: number;
  /** The longest any single request took, answered or not (ms): the wait a user would see. */
  slowestMs: number;
}

/** Wait until every target accepts a TCP connection, polling briefly, bounded by `timeoutMs`. */
export interface WaitCommand {
  mode: 'wait';
  targets: Array<{ host: string; port: number }>;
  timeoutMs: number;
}

export interface WaitResult {
  ready: boolean;
  waitedMs: number;
  /** Targets that never accepted, as `host:port`. */
  pending: string[];
}

/** Ask a DNS server for a name's A records. */
export interface DnsCommand {
  mode: 'dns';
  server: string;
  name: string;
  timeoutMs: number;
}

export interface DnsResult {
  addresses: string[];
  error?: string;
}

export type ClientCommand = RequestsCommand | WaitCommand | DnsCommand;
