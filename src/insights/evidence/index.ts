/**
 * The evidence reader: Pathway statements (from a file or an LRS) → each rater's answers per person
 * and model version → fused `PersonProfile`s. DOM-free and free of any database: the same code runs
 * in Node, in browsers and under `pathway insights`. See docs/insights.md.
 */
export { agentKey, agentOf } from './agent.js';
export { StatementReader, extractFact, largerThan, DEFAULT_MAX_STATEMENT_CHARS, VOIDED_VERB } from './read.js';
export type { Fact, AnswerRecord, FinishRecord, VoidRecord, ConsentRecord, EvidenceRecord, ReadOptions, ReadOutcome, SkipReason } from './read.js';
export { parseResponse } from './responses.js';
export { buildProfiles, countSkip, optedOutPeople, type ProfileOptions } from './profiles.js';
export { parseRequests, progressOf, requestStatuses, type RaterProgress, type RequestStatusOptions } from './requests.js';
export { EvidenceCollector } from './collect.js';
export { statementsOf, StatementsFileError, type FileStatement } from './file.js';
export { parseRoster, personKey, RosterError } from './roster.js';
