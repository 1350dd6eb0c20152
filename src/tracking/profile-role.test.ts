/** The role activity type the statements use is declared in the profile's templates (issue: used but undeclared). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { checkAgainstProfile, type StatementTemplate } from '../../test/support/xapi-profile-check.js';
import { answerRecords, assessmentResults, plan } from '../../test/support/xapi-fixtures.js';
import type { Model } from '../model/types.js';
import { Tracker } from './tracker.js';
import type { Statement } from './types.js';
import { ACTIVITY_TYPES } from './vocabulary.js';

const profile = JSON.parse(readFileSync(new URL('../../profile/pathway.jsonld', import.meta.url), 'utf8')) as { templates: StatementTemplate[] };
const model = JSON.parse(readFileSync(new URL('../../test/fixtures/tiny-model.json', import.meta.url), 'utf8')) as Model;

test('every template whose statements group by role declares the role activity type, and the statements keep to it', async () => {
  const out: Statement[] = [];
  const tracker = new Tracker({ model, actor: { objectType: 'Agent', mbox: 'mailto:dana@example.com' }, registration: '6a3f3b52-5b7e-4c55-9a51-2f1f0e6b9d10', sink: { enqueue: async (s) => void out.push(...s) } });
  await tracker.started();
  for (const record of answerRecords(model)) await tracker.answered(record);
  const results = assessmentResults(model);
  await tracker.completed(results, plan(model, results));
  const grouped = out.filter((s) => (s.context?.contextActivities?.grouping ?? []).some((a) => a.definition?.type === ACTIVITY_TYPES.role));
  assert.ok(grouped.length >= 3);
  for (const statement of grouped) {
    const matches = checkAgainstProfile(profile.templates, statement);
    assert.equal(matches.length, 1, statement.verb.id);
    const template = profile.templates.find((t) => t.id === matches[0]!.template)!;
    assert.ok(template.rules?.some((r) => r.location.includes('grouping') && r.all?.includes(ACTIVITY_TYPES.role)), `${template.id} does not declare ${ACTIVITY_TYPES.role}`);
    assert.deepEqual(matches[0]!.problems, []);
  }
});
