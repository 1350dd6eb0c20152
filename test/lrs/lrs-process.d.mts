export interface StartedLrs {
  url: string;
  /** The xAPI base URL, ending in "/xAPI/". */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}
/** `uuidWrapInMs`: the LRS's clock runs ahead so that its v1 UUIDs (its `more` cursor) wrap that long after it starts. */
export function startLrs(options?: { timeoutMs?: number; uuidWrapInMs?: number }): Promise<StartedLrs>;
export const UUID_V1_WRAP_MS: number;
export function clockShiftForUuidWrap(inMs: number, now?: number): number;
export function readAllStatements(endpoint: string, query?: string): Promise<Array<Record<string, any> & { id: string }>>;
export function countById(statements: ReadonlyArray<{ id: string }>, expectedIds: Iterable<string>): { stored: number; duplicated: number; foreign: number; lost: number };
export const TEST_AUTH: string;
