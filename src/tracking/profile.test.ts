import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import validationModule from '@learninglocker/xapi-validation';
import { everyStatementKind } from '../../test/support/xapi-fixtures.js';
import { checkAgainstProfile, evaluate } from '../../test/support/xapi-profile-check.js';
import { forVersion } from './statements.js';
import type { Statement } from './types.js';
import { ACTIVITY_EXTENSIONS, ACTIVITY_TYPES, CONTEXT_EXTENSIONS, PROFILE_IRI, PROFILE_VERSION_IRI, RESULT_EXTENSIONS, VERBS } from './vocabulary.js';

type Node = Record<string, unknown> & { id: string; type: string };
const profile = JSON.parse(readFileSync(new URL('../../profile/pathway.jsonld', import.meta.url), 'utf8')) as Record<string, unknown> & {
  concepts: Node[];
  templates: (Node & { rules: { location: string; presence?: string; any?: unknown; all?: unknown; none?: unknown }[] })[];
  patterns: Node[];
};

/** Concepts this profile reuses from published profiles (ADL, SCORM/cmi5, TLA), not redefined here. */
const REUSED = new Set<string>([...Object.values(VERBS), ...Object.values(ACTIVITY_TYPES)]);

describe('the Pathway xAPI Profile document', () => {
  test('is a Profile following the ADL xAPI Profiles 1.0 structure', () => {
    assert.equal(profile['@context'], 'https://w3id.org/xapi/profiles/context');
    assert.equal(profile.type, 'Profile');
    assert.equal(profile.id, PROFILE_IRI);
    assert.equal(profile.conformsTo, 'https://w3id.org/xapi/profiles#1.0');
    assert.deepEqual((profile.versions as { id: string }[]).map((v) => v.id), [PROFILE_VERSION_IRI]);
    for (const key of ['prefLabel', 'definition', 'author', 'concepts', 'templates', 'patterns']) assert.ok(key in profile, key);
  });

  test('has no empty objects, empty strings, empty arrays or nulls anywhere', () => {
    const walk = (value: unknown, path: string): void => {
      assert.notEqual(value, null, path);
      if (typeof value === 'string') assert.notEqual(value, '', path);
      if (Array.isArray(value)) {
        assert.ok(value.length > 0, path);
        value.forEach((v, i) => walk(v, `${path}[${i}]`));
      } else if (value && typeof value === 'object') {
        assert.ok(Object.keys(value).length > 0, path);
        for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
      }
    };
    walk(profile, '$');
  });

  test('every concept, template and pattern has a unique id in this version’s scheme, a label and a definition', () => {
    const all = [...profile.concepts, ...profile.templates, ...profile.patterns];
    assert.equal(new Set(all.map((n) => n.id)).size, all.length);
    for (const node of all) {
      assert.equal(node.inScheme, PROFILE_VERSION_IRI, node.id);
      assert.ok(node.id.startsWith(`${PROFILE_IRI}/`), node.id);
      if (node.type !== 'Pattern' || node.primary) {
        assert.ok((node.prefLabel as Record<string, string>)?.en, `${node.id} prefLabel`);
        assert.ok((node.definition as Record<string, string>)?.en, `${node.id} definition`);
      }
    }
  });

  test('declares every extension the builders use, with its kind, and a valid inline JSON Schema', () => {
    const byId = new Map(profile.concepts.map((c) => [c.id, c]));
    const expect = (ids: Record<string, string>, type: string) => {
      for (const id of Object.values(ids)) {
        const concept = byId.get(id);
        assert.ok(concept, `${id} is not in the profile`);
        assert.equal(concept.type, type, id);
        assert.doesNotThrow(() => JSON.parse(concept.inlineSchema as string), id);
      }
    };
    expect(CONTEXT_EXTENSIONS, 'ContextExtension');
    expect(RESULT_EXTENSIONS, 'ResultExtension');
    expect(ACTIVITY_EXTENSIONS, 'ActivityExtension');
    assert.equal(profile.concepts.length, Object.keys(CONTEXT_EXTENSIONS).length + Object.keys(RESULT_EXTENSIONS).length + Object.keys(ACTIVITY_EXTENSIONS).length, 'no concept without a use');
  });

  test('templates use only reused verbs and activity types, and legal JSONPath in their rules', () => {
    for (const t of profile.templates) {
      assert.equal(t.type, 'StatementTemplate');
      assert.ok(REUSED.has(t.verb as string), `${t.id} verb ${String(t.verb)}`);
      assert.ok(REUSED.has(t.objectActivityType as string), `${t.id} object type`);
      for (const key of ['contextParentActivityType', 'contextGroupingActivityType', 'contextCategoryActivityType'])
        for (const type of (t[key] as string[] | undefined) ?? []) assert.ok(REUSED.has(type), `${t.id} ${key} ${type}`);
      for (const rule of t.rules) {
        assert.ok(rule.presence || rule.any || rule.all || rule.none, `${t.id}: a rule needs presence, any, all or none`);
        assert.doesNotThrow(() => evaluate({}, rule.location), `${t.id}: ${rule.location}`);
        for (const key of ['any', 'all', 'none'] as const) if (rule[key] !== undefined) assert.ok(Array.isArray(rule[key]), `${t.id}: ${key} must be an array`);
      }
    }
  });

  test('patterns refer only to templates and patterns that exist, never to themselves, and one is primary', () => {
    const ids = new Set([...profile.templates, ...profile.patterns].map((n) => n.id));
    const patterns = new Map(profile.patterns.map((p) => [p.id, p]));
    const members = (p: Node): string[] => {
      const kinds = ['alternates', 'optional', 'oneOrMore', 'sequence', 'zeroOrMore'].filter((k) => k in p);
      assert.equal(kinds.length, 1, `${p.id} must have exactly one of alternates/optional/oneOrMore/sequence/zeroOrMore`);
      const value = p[kinds[0]!];
      return Array.isArray(value) ? (value as string[]) : [value as string];
    };
    for (const p of profile.patterns) {
      for (const m of members(p)) assert.ok(ids.has(m), `${p.id} → ${m}`);
      if ('alternates' in p) for (const m of members(p)) if (patterns.has(m)) assert.ok(!('optional' in patterns.get(m)!) && !('zeroOrMore' in patterns.get(m)!), `${p.id}: no optional/zeroOrMore directly inside alternates`);
      const seen = new Set<string>();
      const visit = (id: string) => {
        assert.notEqual(id, p.id === id && seen.size > 0 ? id : undefined, `${p.id} refers to itself`);
        if (seen.has(id) || !patterns.has(id)) return;
        seen.add(id);
        for (const m of members(patterns.get(id)!)) {
          assert.notEqual(m, p.id, `${p.id} refers to itself through ${id}`);
          visit(m);
        }
      };
      visit(p.id);
    }
    assert.equal(profile.patterns.filter((p) => p.primary).length, 1);
  });
});

describe('docs/xapi-profile.md', () => {
  const validate = ((validationModule as unknown as { default?: unknown }).default ?? validationModule) as (data: unknown) => unknown[];
  const doc = readFileSync(new URL('../../docs/xapi-profile.md', import.meta.url), 'utf8');
  const examples = [...doc.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>).filter((e) => 'verb' in e);
  const tiny = JSON.parse(readFileSync(new URL('../../test/fixtures/tiny-model.json', import.meta.url), 'utf8'));
  let built = new Map<string, Statement>();
  before(async () => {
    built = new Map((await everyStatementKind(tiny)).map((s) => [s.id, forVersion(s, '1.0.3')]));
  });

  test('its example statements are what the builders produce today, valid and conformant', () => {
    assert.ok(examples.length >= 6, `only ${examples.length} examples`);
    for (const example of examples) {
      const statement = JSON.parse(JSON.stringify(built.get(example.id as string) ?? null));
      assert.ok(statement, `example ${String(example.id)} is not produced by the builders`);
      const steps = RESULT_EXTENSIONS.steps;
      const shown = (example.result as { extensions?: Record<string, unknown[]> } | undefined)?.extensions?.[steps];
      if (shown) statement.result.extensions[steps] = statement.result.extensions[steps].slice(0, shown.length);
      assert.deepEqual(example, statement);
      assert.deepEqual(validate(example), []);
      const matches = checkAgainstProfile(profile.templates as never, example);
      assert.equal(matches.length, 1);
      assert.deepEqual(matches[0]!.problems, []);
    }
  });
});
