/**
 * The web-platform globals the engine uses, for `tsconfig.engine.json` only (no DOM, no Node types).
 * Each exists, with at least these members, in browsers and in Node ≥ 18 alike: declaring just these
 * keeps the engine from growing a dependency on anything else of either. The full DOM and Node
 * declarations (tsconfig.json) are supersets of these.
 */

interface ImportMeta {
  readonly url: string;
}

interface URLSearchParams {
  get(name: string): string | null;
  set(name: string, value: string): void;
  has(name: string): boolean;
  delete(name: string): void;
  toString(): string;
}
declare var URLSearchParams: { prototype: URLSearchParams; new (init?: string | Record<string, string>): URLSearchParams };

interface URL {
  hash: string;
  readonly host: string;
  readonly hostname: string;
  href: string;
  readonly origin: string;
  password: string;
  pathname: string;
  readonly protocol: string;
  search: string;
  readonly searchParams: URLSearchParams;
  username: string;
  toString(): string;
}
declare var URL: { prototype: URL; new (url: string, base?: string | URL): URL };

interface TextEncoder {
  encode(input?: string): Uint8Array;
}
declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };
interface TextDecoder {
  decode(input?: Uint8Array): string;
}
declare var TextDecoder: { prototype: TextDecoder; new (label?: string, options?: { fatal?: boolean }): TextDecoder };
declare function atob(data: string): string;
declare function btoa(data: string): string;

declare function setTimeout(handler: () => void, timeout?: number): unknown;
declare function clearTimeout(id: unknown): void;

interface AbortSignal {
  readonly aborted: boolean;
}
declare var AbortSignal: { prototype: AbortSignal };
interface AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}
declare var AbortController: { prototype: AbortController; new (): AbortController };

/** The subset of `fetch` the LRS clients use (GET and POST of JSON, headers read back). */
interface Headers {
  get(name: string): string | null;
  forEach(callback: (value: string, key: string) => void): void;
}
interface Response {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  json(): Promise<unknown>;
  text(): Promise<string>;
}
interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  credentials?: 'omit' | 'same-origin' | 'include';
  keepalive?: boolean;
  signal?: AbortSignal;
  referrerPolicy?: 'no-referrer';
}
declare function fetch(input: string, init?: RequestInit): Promise<Response>;

/** Web Crypto's random numbers (secure contexts also have `randomUUID`). */
interface Crypto {
  getRandomValues<T extends Uint8Array>(array: T): T;
  randomUUID?(): string;
}
declare var crypto: Crypto;
