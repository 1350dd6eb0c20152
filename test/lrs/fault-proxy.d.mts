export type Fault = 'pass' | 'drop' | 'reset' | 'error' | 'hang' | 'tooLarge' | 'lostResponse' | 'errorAfterStore' | 'unauthorized' | 'serverError' | 'garbage' | 'lateAnswer';
/** A kind of call, for `FaultPlan.on`: the cmi5 fetch URL, State reads and writes, the Agent Profile, /about, statement POSTs. */
export type CallKind = 'fetch' | 'about' | 'profile' | 'stateRead' | 'stateWrite' | 'statements' | 'statementsRead' | 'other';
export function callKind(method: string | undefined, url: string | undefined): CallKind;
export const FAULTS: Exclude<Fault, 'pass'>[];
export interface FaultPlan {
  /** Probability of each fault per statements POST (the rest pass). */
  rates?: Partial<Record<Exclude<Fault, 'pass'>, number>>;
  /** Faults for the next calls of each kind, in order (for statements: before `script` and the rates). */
  on?: Partial<Record<CallKind, Fault[]>>;
  /** Faults for the next statements POSTs, in order, before the rates apply. */
  script?: Fault[];
  /** Answer 413 to batches with more statements than this. */
  maxStatements?: number;
  /** Drop every request (except CORS preflights). */
  offline?: boolean;
  /** How long a hung request stays open before it is closed, and a late answer waits (ms). */
  hangMs?: number;
}
export interface FaultStats {
  requests: number;
  statementPosts: number;
  forwarded: number;
  faults: Record<Exclude<Fault, 'pass'>, number>;
  /** Requests per kind of call (CORS preflights not counted). */
  calls: Partial<Record<CallKind, number>>;
}
export interface FaultProxy {
  url: string;
  endpoint: string;
  stats: FaultStats;
  setPlan(plan: FaultPlan, seed?: number): void;
  resetStats(): void;
  close(): Promise<void>;
}
export function startFaultProxy(options: { target: string; seed?: number; plan?: FaultPlan }): Promise<FaultProxy>;
