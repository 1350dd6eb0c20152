// Every UI message of the elements is translated into every UI language, with the same placeholders.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UI_LOCALES } from '../../components/shared/localize.js';
import { messagesWithoutId, sourceMessages } from '../../scripts/messages.js';

type Template = string | { strings: readonly string[]; values: readonly number[] };

describe('UI messages', () => {
  const source = sourceMessages();

  it('all have explicit ids', () => {
    assert.deepEqual(messagesWithoutId(), []);
    assert.ok(source.size > 50, `found only ${source.size} messages`);
  });

  for (const locale of UI_LOCALES.filter((l) => l !== 'en')) {
    it(`are all translated into "${locale}", with matching placeholders and no leftovers`, async () => {
      const { templates } = (await import(`../../components/shared/locales/${locale}.ts`)) as { templates: Record<string, Template> };
      const missing = [...source.keys()].filter((id) => !(id in templates));
      const stale = Object.keys(templates).filter((id) => !source.has(id));
      assert.deepEqual(missing, [], `missing in ${locale}`);
      assert.deepEqual(stale, [], `not used any more, in ${locale}`);
      for (const [id, message] of source) {
        const translated = templates[id]!;
        const values = typeof translated === 'string' ? [] : translated.values;
        assert.deepEqual([...values].sort(), Array.from({ length: message.placeholders }, (_, i) => i), `${locale} "${id}" must use each placeholder of "${message.text}" once`);
        const text = typeof translated === 'string' ? translated : translated.strings.join('');
        assert.ok(text.trim().length > 0, `${locale} "${id}" is empty`);
      }
    });
  }
});
