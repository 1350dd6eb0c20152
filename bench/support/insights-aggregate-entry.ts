// The browser side of `insights.aggregate.browser.ms.100k`: what a team view runs on statements it
// has read from the LRS (parsed JSON) — the model checked, the statements read, people fused.
import { EvidenceCollector } from '../../src/insights/evidence/collect.js';
import { requireModel } from '../../src/model/load.js';

export function aggregate(modelText: string, statements: readonly unknown[]): { profiles: string; ms: number } {
  const model = requireModel(modelText);
  const start = performance.now();
  const { profiles } = new EvidenceCollector(model).addAll(statements).profiles();
  const ms = performance.now() - start;
  return { profiles: JSON.stringify(profiles), ms };
}
