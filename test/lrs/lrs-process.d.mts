export interface StartedLrs {
  url: string;
  /** The xAPI base URL, ending in "/xAPI/". */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
  /** Moves the LRS's clock forward so that its v1 UUIDs wrap `ms` from now (needs `movableClock`). */
  wrapUuidsIn(ms: number): Promise<void>;
}
/**
 * `uuidWrapInMs`: the LRS's clock runs ahead so that its v1 UUIDs (its `more` cursor) wrap that long after
 * it starts; `movableClock`: `wrapUuidsIn` can move the wrap later.
 */
export function startLrs(options?: { timeoutMs?: number; uuidWrapInMs?: number; movableClock?: boolean }): Promise<StartedLrs>;
export const UUID_V1_WRAP_MS: number;
export function readAllStatements(endpoint: string, query?: string): Promise<Array<Record<string, any> & { id: string }>>;
export function countById(statements: ReadonlyArray<{ id: string }>, expectedIds: Iterable<string>): { stored: number; duplicated: number; foreign: number; lost: number };
export const TEST_AUTH: string;
