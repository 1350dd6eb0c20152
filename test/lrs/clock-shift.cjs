// Preloaded into the xapi-statements process when a test asks for a movable clock: runs the LRS's clock
// ahead by PATHWAY_LRS_CLOCK_SHIFT_MS, and on the parent's message { pathwayUuidWrapInMs } moves it
// forward (never back) so that the next v1 UUID wrap comes that long after now.
// The in-memory LRS keys its `more` cursor on v1 UUIDs (uuid 3.4) compared as strings; a cursor taken
// before a wrap hides every statement stored after it. Only the clock moves; the LRS runs unchanged.
'use strict';
if (process.env.PATHWAY_LRS_CLOCK_SHIFT_MS !== undefined) {
  const { clockShiftForUuidWrap } = require('./uuid-wrap.cjs');
  let shift = Number(process.env.PATHWAY_LRS_CLOCK_SHIFT_MS);
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + shift);
      else super(...args);
    }
    static now() {
      return RealDate.now() + shift;
    }
  }
  globalThis.Date = ShiftedDate;
  process.on('message', (message) => {
    if (!message || typeof message !== 'object' || typeof message.pathwayUuidWrapInMs !== 'number') return;
    shift += clockShiftForUuidWrap(message.pathwayUuidWrapInMs, ShiftedDate.now());
    process.send?.({ pathwayClockMoved: true });
  });
}
