/**
 * Entry of the classic-script CDN file `pathway.iife.min.js` (rollup.config.mjs): registers every element
 * and exposes their classes as the global `Pathway`, as soon as the script runs; what the first question
 * does not need loads later from `classic/` beside it.
 */
import * as Pathway from './cdn.js';

declare global {
  interface Window {
    Pathway: typeof Pathway;
  }
}

window.Pathway = Pathway;
