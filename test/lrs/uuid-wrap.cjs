// When the in-memory LRS's v1 UUIDs wrap: their leading field (the low 32 bits of the time in 100 ns
// units since 1582-10-15) wraps every 429.4967296 s. Shared by the test process and the LRS's preload.
'use strict';
const UUID_V1_WRAP_MS = 2 ** 32 / 10_000;
const GREGORIAN_OFFSET_MS = 12_219_292_800_000;

/** How far to run a clock that reads `now` ahead so that its next v1 UUID wrap comes `inMs` later. */
function clockShiftForUuidWrap(inMs, now) {
  const phase = ((now + GREGORIAN_OFFSET_MS) % 2 ** 28) % UUID_V1_WRAP_MS;
  const untilWrap = UUID_V1_WRAP_MS - phase;
  return Math.round((((untilWrap - inMs) % UUID_V1_WRAP_MS) + UUID_V1_WRAP_MS) % UUID_V1_WRAP_MS);
}

module.exports = { UUID_V1_WRAP_MS, clockShiftForUuidWrap };
