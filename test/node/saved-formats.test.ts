// Saved formats, read back exactly as this release wrote them. Each string below was written once by
// release 0.1.0 and is fixed here: a change to either side of a codec (bit order, alphabet, field order,
// option tags) fails these tests, where a round trip would not notice. Older or unknown formats are
// refused with an error that leads to a restart, never misread.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { resumeAssessment, startAssessment, StateError } from '../../src/assessment/index.js';
import type { Response } from '../../src/assessment/types.js';
import { decodeProgress, encodeProgress, SuspendDataError } from '../../src/lms/scorm/suspend-data.js';
import { parseStateDocument } from '../../src/lms/xapi/state.js';
import { requireModel } from '../../src/model/load.js';

/** The tiny model with one item of every kind, every rater allowed (frozen here: the goldens depend on it). */
const model = requireModel(readFileSync('test/fixtures/golden/every-item-kind.json', 'utf8'));

/** `p1.` state, release 0.1.0: a manager ("mgr-7"), member → lead, fixed form, 20 minutes, 40 items, seed −12345. */
const STATE = 'p1.D-LDzj.mfBCxjYTwlBNoBIFmgr-7.AD!BCADBEAFEGYHHMK.5lY6';
const manager = { rater: 'manager', raterId: 'mgr-7' } as const;
const RESPONSES: Response[] = [
  { item: 'l-freq-1', choice: 3, ...manager },
  { item: 'l-anch-1', notApplicable: true, ...manager },
  { item: 'l-sjt-1', choice: 0, ...manager },
  { item: 'f-ev-1', choice: 1, ...manager },
  { item: 'f-fc-1', choice: 0, ...manager },
  { item: 'f-freq-1', choice: 4, ...manager },
  { item: 'golden-most-least', most: 3, least: 0, ...manager },
  { item: 'golden-rate-each', ratings: [2, 3, 3, 3, 3], ...manager },
];

/** SCORM suspend data, release 0.1.0: modules 0 and 5 done (bits 0 and 5 → "IQ"), four retired ids, at "plan", half way. */
const PROGRESS = {
  assessment: STATE,
  stepsDone: ['listening-course', 'feedback-mentoring', 'retired-module', 'retired-module-2', 'retired-module-3', 'retired-module-4'],
  location: 'plan',
  fraction: 0.5,
};
const SUSPEND_PLAIN = `pw1j["plan",0.5,"k8alby","IQ",["retired-module","retired-module-2","retired-module-3","retired-module-4"],"${STATE}"]`;
const SUSPEND_DEFLATED =
  'pw1zi1YqyEnMU9Ix0DPVUcq2SMxJqlTSUfIMVNKJVipKLcksSk3Rzc1PKc1JVdJBE9A1whQyxhQyUYrVUSow1HPR9XGpytLLTXNyrsiKDCnPcfLLd_J0y00v0jXXc3RRdHJ2dHFydXRzdY_08PD11jPNiTRTigUA';

describe('the saved assessment state (p1.)', () => {
  it('a state written by release 0.1.0 resumes to exactly its answers, rater and roles', () => {
    const resumed = resumeAssessment(model, STATE);
    assert.deepEqual(resumed.responses, RESPONSES);
    const results = resumed.results();
    assert.equal(results.rater, 'manager');
    assert.equal(results.currentRole, 'member');
    assert.equal(results.targetRole, 'lead');
  });

  it('the same options and answers are written as the same string', () => {
    // Read back exactly (above), so a different string here means the writing side changed. The model
    // fingerprint alone differs: states are now written with the content fingerprint (0.1.0's is still read).
    const body = (state: string) => state.split('.').filter((_, k) => k !== 1 && k !== 4).join('.');
    const rewritten = resumeAssessment(model, STATE).serialize();
    assert.equal(body(rewritten), body(STATE));
    assert.notEqual(rewritten.split('.')[1], STATE.split('.')[1], 'the content fingerprint is written');
    assert.equal(resumeAssessment(model, rewritten).serialize(), rewritten);
    const session = startAssessment(model, { currentRole: 'member', targetRole: 'lead', rater: 'manager', raterId: 'mgr-7', mode: 'fixed', maxMinutes: 20, maxItems: 40, seed: -12345 });
    const head = (state: string) => body(state).split('.').slice(0, 2).join('.');
    assert.equal(head(session.serialize()), head(STATE), 'version and options are written the same way');
  });

  it('an older, newer or foreign format is refused with a StateError (the element then starts again)', () => {
    const refused = (state: string, code: string, message: RegExp): void =>
      assert.throws(() => resumeAssessment(model, state), (e: unknown) => e instanceof StateError && e.code === code && message.test(e.message), state);
    refused(STATE.replace(/^p1/, 'p0'), 'corrupted', /cannot be resumed/);
    refused(STATE.replace(/^p1/, 'p2'), 'newer-version', /newer version of Pathway \(state format 2; this version reads format 1\)/);
    refused(`pw1j${STATE}`, 'not-a-state', /not a saved Pathway assessment/);
  });
});

describe('SCORM suspend data (pw1)', () => {
  it('plain data written by release 0.1.0 reads back exactly, and is written the same way', async () => {
    const back = await decodeProgress(SUSPEND_PLAIN, model);
    assert.deepEqual(back, { progress: { assessment: STATE, stepsDone: [...PROGRESS.stepsDone.slice(2), ...PROGRESS.stepsDone.slice(0, 2)], location: 'plan', fraction: 0.5 }, warnings: [] });
    const saved = globalThis.CompressionStream;
    try {
      // @ts-expect-error without compression streams the plain form is what gets written
      delete globalThis.CompressionStream;
      assert.equal(await encodeProgress(PROGRESS, model), SUSPEND_PLAIN);
    } finally {
      globalThis.CompressionStream = saved;
    }
  });

  it('deflated data written by release 0.1.0 reads back exactly', async () => {
    // Only the reading side is fixed: deflate output may differ between zlib builds and still be valid.
    const back = await decodeProgress(SUSPEND_DEFLATED, model);
    assert.deepEqual(back.warnings, []);
    assert.deepEqual(new Set(back.progress.stepsDone), new Set(PROGRESS.stepsDone));
    assert.equal(back.progress.assessment, STATE);
    assert.equal(back.progress.location, 'plan');
    assert.equal(back.progress.fraction, 0.5);
  });

  it('an older or newer header is refused with a SuspendDataError (the runtime then starts again)', async () => {
    for (const header of ['pw0', 'pw2']) {
      await assert.rejects(decodeProgress(SUSPEND_PLAIN.replace(/^pw1/, header), model), (e: unknown) => e instanceof SuspendDataError && e.message.includes(header), header);
    }
  });
});

describe('the xAPI / cmi5 State API document (pathway-state/1)', () => {
  const DOCUMENT = {
    format: 'pathway-state/1',
    progress: { assessment: STATE, stepsDone: ['listening-course'], location: 'item:3', fraction: 0.25 },
    recorded: ['completed', 'passed'],
    registration: '6a3f3b52-5b7e-4c55-9a51-2f1f0e6b9d10',
  };

  it('a document written by release 0.1.0 reads back exactly', () => {
    assert.deepEqual(parseStateDocument(JSON.parse(JSON.stringify(DOCUMENT))), DOCUMENT);
  });

  it('an older, newer or foreign document reads as "no saved state" (a fresh start), not as progress', () => {
    for (const format of ['pathway-state/0', 'pathway-state/2', undefined]) assert.equal(parseStateDocument({ ...DOCUMENT, format }), undefined, String(format));
    assert.equal(parseStateDocument('p1.x'), undefined);
  });
});
