export interface StartedLrs {
  url: string;
  /** The xAPI base URL, ending in "/xAPI/". */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}
export function startLrs(options?: { timeoutMs?: number }): Promise<StartedLrs>;
export function readAllStatements(endpoint: string, query?: string): Promise<Array<Record<string, any> & { id: string }>>;
export function countById(statements: ReadonlyArray<{ id: string }>, expectedIds: Iterable<string>): { stored: number; duplicated: number; foreign: number; lost: number };
export const TEST_AUTH: string;
