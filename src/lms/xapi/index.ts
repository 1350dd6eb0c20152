/** The TinCan-style xAPI launch runtime and the State API progress store it shares with cmi5 (`pathway-kit/lms/xapi`). See docs/cmi5.md. */
export { createXapiRuntime, missingLaunchMessage, XapiLaunchRuntime, type XapiRuntimeOptions } from './runtime.js';
export { PROGRESS_STATE_ID, parseStateDocument, StateReadError, StateStore, type DocumentClient, type RecordedVerb, type StateDocument, type StateOwner, type StateStoreOptions } from './state.js';
export { deliverAll, learnerOf, passDecider, preferredLanguage, withStep } from './session.js';
