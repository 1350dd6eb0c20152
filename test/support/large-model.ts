/**
 * A large valid model built from a sample's texts (`competencies` competencies, two items and one module
 * each): about 2.4 KB per competency, so 4,000 make a file just under the 10 MB limit.
 */
import type { Model } from '../../src/model/types.js';

export function largeModel(base: Model, competencies: number): Model {
  const id = (i: number) => `c${i}`;
  return {
    ...base,
    id: `${base.id}/large-${competencies}`,
    competencies: Array.from({ length: competencies }, (_, i) => {
      const { related: _related, ...c } = base.competencies[i % base.competencies.length]!;
      return { ...c, id: id(i) };
    }),
    roles: base.roles.map((r) => ({ ...r, requirements: r.requirements.map((q, k) => ({ ...q, competency: id(k) })) })),
    items: Array.from({ length: 2 * competencies }, (_, i) => ({
      id: `i${i}`,
      type: 'frequency' as const,
      competency: id(i % competencies),
      stem: 'How often do you do this when the team is under pressure and the plan changes?',
      observerStem: 'How often does this person do this when the team is under pressure?',
      level: 1 + (i % 5),
    })),
    modules: Array.from({ length: competencies }, (_, i) => {
      const { prerequisites: _p, revisits: _r, ...m } = base.modules[i % base.modules.length]! as Model['modules'][number] & { revisits?: unknown };
      return { ...m, id: `m${i}`, develops: [{ competency: id(i), to: 3 }] };
    }),
  };
}
