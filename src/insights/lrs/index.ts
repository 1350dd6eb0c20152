/**
 * Reading Pathway statements from an LRS (fetch only: Node and browsers) and syncing them into a store
 * incrementally. See docs/insights.md, "What the reader assumes of an LRS".
 */
export { LrsStatementReader, LrsReadError, type LrsSource, type StatementQuery, type Checkpoint, type Page } from './reader.js';
export { sync, MemorySyncStore, type SyncStore, type SyncProgress, type SyncOptions } from './sync.js';
export { verify, type Verification, type VerifiableStore, type VerifyOptions } from './verify.js';
