/**
 * Synthetic models for benchmarks and simulations: seeded, valid, and as large as asked.
 *
 * - `generateDichotomousModel`: one competency and N two-level work-sample items with explicit 2PL
 *   parameters (log a ~ N(log 1.2, 0.25²), b ~ N(0, 1)) — the kind of bank jsCAT can also run.
 * - `generateModel`: several related competencies, four roles and a mix of every item type with
 *   default parameters, like the sample models but larger.
 */
import { MODEL_FORMAT } from '../model/vocabulary.js';
import type { Competency, Item, Model, Role } from '../model/types.js';
import { Random } from './random.js';

const SCALE = {
  levels: [1, 2, 3, 4, 5].map((level) => ({ level, label: `Level ${level}`, meaning: `Proficiency level ${level}` })),
};

function competency(id: string, related?: Competency['related']): Competency {
  return {
    id,
    title: `Competency ${id}`,
    description: `Generated competency ${id}`,
    indicators: SCALE.levels.map((l) => ({ level: l.level, text: `Behaviour of ${id} at level ${l.level}` })),
    ...(related ? { related } : {}),
  };
}

function base(id: string, competencies: Competency[], roles: Role[], items: Item[], assessment: Model['assessment']): Model {
  return {
    format: MODEL_FORMAT,
    id: `https://pathway.example/models/generated/${id}`,
    version: '1.0.0',
    title: `Generated model ${id}`,
    language: 'en',
    scale: SCALE,
    competencies,
    roles,
    items,
    modules: [],
    ...(assessment ? { assessment } : {}),
  };
}

export interface DichotomousBank {
  model: Model;
  /** The 2PL parameters of each item, in model order. */
  parameters: { a: number; b: number }[];
}

export function generateDichotomousModel(items: number, seed = 1): DichotomousBank {
  const rng = new Random(seed);
  const parameters = Array.from({ length: items }, () => ({
    a: Math.round(Math.exp(Math.log(1.2) + 0.25 * rng.normal()) * 1000) / 1000,
    b: Math.round(Math.max(-3.5, Math.min(3.5, rng.normal())) * 1000) / 1000,
  }));
  const list: Item[] = parameters.map((p, i) => ({
    id: `i${i}`,
    competency: 'c0',
    type: 'evidence',
    task: `Task ${i}`,
    rubric: [
      { level: 2, text: 'Not shown' },
      { level: 4, text: 'Shown' },
    ],
    seconds: 20,
    irt: { a: p.a, b: [p.b] },
  }));
  const roles: Role[] = [
    { id: 'member', title: 'Member', next: 'lead', requirements: [{ competency: 'c0', level: 3 }] },
    { id: 'lead', title: 'Lead', requirements: [{ competency: 'c0', level: 4 }] },
  ];
  const model = base(`2pl-${items}`, [competency('c0')], roles, list, { maxItems: 40, minItemsPerCompetency: 1, maxItemsPerCompetency: 40, targetSD: 0.2 });
  return { model, parameters };
}

export interface GeneratedModelOptions {
  competencies?: number;
  itemsPerCompetency?: number;
  seed?: number;
}

/** A larger model in the shape of the samples: related competencies, four roles, every item type. */
export function generateModel(options: GeneratedModelOptions = {}): Model {
  const n = options.competencies ?? 16;
  const perCompetency = options.itemsPerCompetency ?? 40;
  const rng = new Random(options.seed ?? 1);
  const ids = Array.from({ length: n }, (_, c) => `c${c}`);
  // Pairs of neighbours are related (r 0.3–0.6), like the sample models' `related` links.
  const competencies = ids.map((id, c) => competency(id, c % 2 === 0 && c + 1 < n ? [{ competency: ids[c + 1]!, correlation: Math.round((0.3 + 0.3 * rng.next()) * 100) / 100 }] : undefined));
  const roleIds = ['associate', 'professional', 'senior', 'principal'];
  const roles: Role[] = roleIds.map((id, r) => ({
    id,
    title: id,
    ...(r + 1 < roleIds.length ? { next: roleIds[r + 1]! } : {}),
    requirements: ids
      .filter(() => rng.next() < 0.6)
      .map((competency) => ({ competency, level: Math.min(5, Math.max(2, 2 + r + (rng.next() < 0.3 ? 1 : 0) - (rng.next() < 0.2 ? 1 : 0))), ...(rng.next() < 0.25 ? { critical: true } : {}) })),
  }));
  for (const role of roles) if (role.requirements.length === 0) role.requirements.push({ competency: ids[0]!, level: 3 });
  const items: Item[] = [];
  const level = (): number => 1 + rng.below(5);
  for (const [c, id] of ids.entries()) {
    for (let k = 0; k < perCompetency; k++) {
      const u = rng.next();
      const itemId = `${id}-${k}`;
      if (u < 0.4) items.push({ id: itemId, competency: id, type: 'frequency', stem: `How often do you … (${itemId})?`, observerStem: `How often does this person … (${itemId})?`, level: level() });
      else if (u < 0.65) {
        const levels = [...new Set(Array.from({ length: 4 }, level))].sort();
        if (levels.length < 2) levels.push(levels[0]! === 5 ? 1 : 5);
        items.push({ id: itemId, competency: id, type: 'anchored', stem: `Which comes closest? (${itemId})`, observerStem: `Which comes closest to what they did? (${itemId})`, options: levels.map((l) => ({ text: `Anchor at level ${l}`, level: l })) });
      } else if (u < 0.85) {
        const format = (['best', 'most-least', 'rate-each'] as const)[rng.below(3)]!;
        const options = Array.from({ length: 4 + rng.below(2) }, (_, o) => ({ text: `Option ${o}`, effectiveness: Math.round((1.5 + 3.2 * rng.next()) * 10) / 10, agreement: Math.round((0.6 + 0.3 * rng.next()) * 100) / 100 }));
        options[0]!.effectiveness = 4.6;
        options[1]!.effectiveness = 1.6;
        items.push({ id: itemId, competency: id, type: 'situational', scenario: `Scenario ${itemId}`, format, options });
      } else if (u < 0.9) {
        items.push({ id: itemId, competency: id, type: 'evidence', task: `Task ${itemId}`, rubric: SCALE.levels.map((l) => ({ level: l.level, text: `Work at level ${l.level}` })) });
      } else {
        const other = ids[(c + 1 + rng.below(n - 1)) % n]!;
        const l = 2 + rng.below(3);
        items.push({ id: itemId, competency: id, type: 'forced-choice', options: [{ text: `Behaviour of ${id}`, level: l }, { text: `Behaviour of ${other}`, level: l, competency: other }] });
      }
    }
  }
  return base(`mixed-${n}x${perCompetency}`, competencies, roles, items, { maxItems: 40, maxMinutes: 20, minItemsPerCompetency: 1, maxItemsPerCompetency: 8 });
}
