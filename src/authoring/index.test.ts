import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as kit from '../index.js';

it('the package root offers the authoring API beside the engine', () => {
  for (const name of ['importFiles', 'exportModel', 'templateSheets', 'draftItems', 'coverageReport', 'readCatalogue', 'alignCatalogue', 'acceptSuggestions', 'keepDecisions', 'locatedLine'] as const) {
    assert.equal(typeof kit[name], 'function', name);
  }
  assert.deepEqual([...kit.EXPORT_FORMATS], ['csv', 'case', 'moodle']);
  // The engine's own exports are still there, unrenamed.
  assert.equal(typeof kit.validateModel, 'function');
});
