// Preloaded into the xapi-statements process when a test asks for it: runs the LRS's clock ahead by
// PATHWAY_LRS_CLOCK_SHIFT_MS, so a test can start the LRS just before a moment it needs to cross.
// The in-memory LRS keys its `more` cursor on v1 UUIDs (uuid 3.4) compared as strings; their leading
// field (the low 32 bits of the time in 100 ns) wraps every 429.4967296 s, and a cursor taken before a
// wrap hides every statement stored after it. Only the clock moves; the LRS runs unchanged.
'use strict';
const shift = Number(process.env.PATHWAY_LRS_CLOCK_SHIFT_MS ?? 0);
if (shift) {
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
}
