import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  type Model,
  competencyIri,
  levelThreshold,
  levelToTheta,
  lineColumn,
  loadModel,
  resolveText,
  thetaToDiscreteLevel,
  thetaToLevel,
  validateModel,
} from './index.js';

const tiny = (): Model => JSON.parse(readFileSync(new URL('../../test/fixtures/tiny-model.json', import.meta.url), 'utf8'));
const five = { levels: [1, 2, 3, 4, 5].map((level) => ({ level, label: `L${level}`, meaning: '' })) };

describe('levels and θ', () => {
  it('centres a five-level scale on θ = 0, one unit apart', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map((l) => levelToTheta(five, l)), [-2, -1, 0, 1, 2]);
  });

  it('puts the threshold of a level halfway between it and the level below', () => {
    assert.equal(levelThreshold(five, 1), Number.NEGATIVE_INFINITY);
    assert.deepEqual([2, 3, 4, 5].map((l) => levelThreshold(five, l)), [-1.5, -0.5, 0.5, 1.5]);
  });

  it('round-trips θ to a continuous level and to the discrete level it reaches', () => {
    assert.equal(thetaToLevel(five, 0.4), 3.4);
    assert.equal(thetaToLevel(five, 9), 5);
    assert.equal(thetaToDiscreteLevel(five, 0.49), 3);
    assert.equal(thetaToDiscreteLevel(five, 0.5), 4);
    assert.equal(thetaToDiscreteLevel(five, -9), 1);
  });

  it('handles scales whose level numbers are not consecutive', () => {
    const sparse = { levels: [0, 10, 20].map((level) => ({ level, label: '', meaning: '' })) };
    assert.deepEqual([0, 10, 20].map((l) => levelToTheta(sparse, l)), [-1, 0, 1]);
    assert.equal(thetaToLevel(sparse, 0.5), 15);
    assert.throws(() => levelToTheta(sparse, 5), /level 5 is not on the scale/);
  });
});

describe('text', () => {
  it('prefers the exact language, then the primary subtag, then the fallback', () => {
    const text = { en: 'Listen', de: 'Zuhören', 'fr-CA': 'Écouter' };
    assert.equal(resolveText(text, 'de-CH', 'en'), 'Zuhören');
    assert.equal(resolveText(text, 'fr', 'en'), 'Écouter');
    assert.equal(resolveText(text, 'ja', 'en'), 'Listen');
    assert.equal(resolveText({ de: 'Nur Deutsch' }, 'en', 'en'), 'Nur Deutsch');
    assert.equal(resolveText('Plain', 'de', 'en'), 'Plain');
  });
});

describe('iri', () => {
  it('derives competency IRIs from the model id unless the competency names one', () => {
    assert.equal(competencyIri({ id: 'https://x.org/m/' }, { id: 'a' }), 'https://x.org/m/competencies/a');
    assert.equal(competencyIri({ id: 'https://x.org/m' }, { id: 'a', iri: 'https://case.example/item/1' }), 'https://case.example/item/1');
  });
});

describe('loading and validating', () => {
  it('accepts the tiny fixture without problems', () => {
    const result = validateModel(tiny());
    assert.equal(result.ok, true);
    assert.deepEqual(result.problems, []);
  });

  it('reports invalid JSON with its line and column', () => {
    const result = loadModel('{\n  "format": "pathway-model/1",\n  "id": ,\n}');
    assert.equal(result.ok, false);
    assert.match(result.problems[0]!.message, /line 3, column 9/);
    assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
  });

  it('reports shape problems with their path and what was expected', () => {
    const model = tiny() as unknown as Record<string, unknown>;
    (model.competencies as Record<string, unknown>[])[0]!.indicators = [{ level: 'three', text: 'x' }];
    const [problem] = validateModel(model).problems;
    assert.equal(problem!.path, 'competencies[0].indicators[0].level');
    assert.equal(problem!.message, 'expected a whole number, got the text "three"');
  });

  it('puts errors before warnings and structural errors before reference errors', () => {
    const model = tiny();
    model.roles[0]!.requirements[0]!.competency = 'nope';
    model.competencies[0]!.indicators = model.competencies[0]!.indicators.slice(0, 2);
    model.items.push({ ...model.items[0]!, id: 'l-freq-1' } as Model['items'][number]);
    const problems = validateModel(model).problems;
    assert.deepEqual(
      problems.map((p) => [p.severity, p.kind]),
      [
        ['error', 'duplicate'],
        ['error', 'reference'],
        ['warning', 'coverage'],
      ],
    );
  });

  it('warns when a required competency has no items and when no module reaches a required level', () => {
    const model = tiny();
    model.items = model.items.filter((i) => i.competency !== 'feedback');
    model.modules = model.modules.filter((m) => m.develops.every((d) => d.competency !== 'feedback' || d.to < 4));
    const result = validateModel(model);
    assert.equal(result.ok, true);
    const messages = result.problems.map((p) => p.message);
    assert.ok(messages.some((m) => /"feedback" is required by roles "member", "lead" but no item assesses it/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /no module develops "feedback" up to level 4/.test(m)), messages.join('\n'));
  });

  it('finds every prerequisite cycle once', () => {
    const model = tiny();
    model.modules[0]!.prerequisites = ['listening-practice'];
    const cycles = validateModel(model).problems.filter((p) => p.kind === 'cycle');
    assert.equal(cycles.length, 1);
    assert.match(cycles[0]!.message, /"listening-course" → "listening-practice" → "listening-course"/);
  });

  it('rejects a forced choice whose options cannot tell competencies apart', () => {
    const model = tiny();
    const item = model.items.find((i) => i.type === 'forced-choice')!;
    if (item.type !== 'forced-choice') throw new Error('fixture changed');
    item.options[1] = { text: 'x', level: 3 };
    const problems = validateModel(model).problems;
    assert.ok(problems.some((p) => p.kind === 'scoring' && /same competency at the same level/.test(p.message)));
  });
});

describe('candidate delivery settings', () => {
  const base = JSON.parse(readFileSync('test/fixtures/tiny-model.json', 'utf8')) as Record<string, unknown>;
  const problems = (delivery: unknown) => validateModel({ ...base, delivery }).problems.map((p) => `${p.severity} ${p.path}: ${p.message}`);
  it('accepts candidate mode with an https endpoint, or none', () => {
    assert.deepEqual(problems({ mode: 'candidate' }), []);
    assert.deepEqual(problems({ mode: 'candidate', candidateEndpoint: 'https://candidates.example.com/xapi/' }), []);
    assert.deepEqual(problems({ mode: 'candidate', candidateEndpoint: 'http://127.0.0.1:8080/xapi/' }), []);
  });
  it('names the path of each setting that contradicts it', () => {
    assert.match(problems({ candidateEndpoint: 'https://candidates.example.com/xapi/' }).join('\n'), /^error delivery\.candidateEndpoint: is used only in candidate mode/);
    assert.match(problems({ mode: 'candidate', candidateEndpoint: 'http://candidates.example.com/xapi/' }).join('\n'), /^error delivery\.candidateEndpoint: expected https:\/\//);
    assert.match(problems({ mode: 'candidate', candidateEndpoint: 'https://a:b@candidates.example.com/x?y=1' }).join('\n'), /^error delivery\.candidateEndpoint: .*xAPI endpoint/);
    assert.match(problems({ mode: 'candidate', moveOn: 'Passed' }).join('\n'), /^error delivery\.moveOn: expected "NotApplicable"/);
    assert.match(problems({ mode: 'candidate', masteryScore: 0.7 }).join('\n'), /^warning delivery\.masteryScore: is not used in candidate mode/);
    assert.match(problems({ mode: 'recruiter' }).join('\n'), /^error delivery\.mode/);
  });
});
