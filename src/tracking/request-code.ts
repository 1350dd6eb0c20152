/**
 * The rater-request code (./request.ts), loaded only for a launch that holds a request — launch data,
 * launch parameters or a page address naming `pathway-request`. Most launches hold none, so the code
 * stays out of what a learner loads first.
 */
export const requestCodeFor = (launch: string | undefined): Promise<typeof import('./request.js')> | undefined =>
  launch?.includes('pathway-request') ? import('./request.js') : undefined;
