/**
 * xAPI tracking: the Pathway xAPI Profile's statement builders, the tracker the elements and LMS
 * runtimes report through, the offline queue and the LRS client. See docs/xapi-profile.md.
 */
export * from './types.js';
export * from './vocabulary.js';
export * from './activities.js';
export * from './statements.js';
export * from './tracker.js';
export * from './store.js';
export * from './transport.js';
export * from './queue.js';
export * from './lrs-client.js';
export * from './launch.js';
export { uuidV5, randomUuid, isUuid } from './uuid.js';
export { IdbStore } from './idb-store.js';
export { openBrowserQueue, queueName, type BrowserQueue, type BrowserQueueOptions } from './browser-queue.js';
export * from './request.js';
