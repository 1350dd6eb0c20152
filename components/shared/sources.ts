/**
 * One sentence saying which evidence a fused profile rests on ("Based on you, your manager and 3
 * peers"), and which competencies the fused evidence calls blind spots or hidden strengths. The
 * counts and flags come from the engine (SourceCounts, results.selfOther); this only words them.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { AssessmentResults } from '../../src/assessment/types.js';
import type { SourceCounts } from '../../src/insights/types.js';

export function sourcesLine(sources: SourceCounts | undefined, results: AssessmentResults, title: (competency: string) => string, observed: boolean, lang: string): TemplateResult | typeof nothing {
  if (!sources) return nothing;
  const parts: string[] = [];
  if (sources.self) parts.push(observed ? msg('their own view', { id: 'sources.self.other' }) : msg('you', { id: 'sources.self' }));
  if (sources.managers === 1) parts.push(observed ? msg('their manager', { id: 'sources.manager.other' }) : msg('your manager', { id: 'sources.manager' }));
  else if (sources.managers > 1) parts.push(msg(str`${sources.managers} managers`, { id: 'sources.managers' }));
  if (sources.peers === 1) parts.push(msg('1 peer', { id: 'sources.peer' }));
  else if (sources.peers > 1) parts.push(msg(str`${sources.peers} peers`, { id: 'sources.peers' }));
  const list = new Intl.ListFormat(lang || undefined, { type: 'conjunction' }).format(parts);
  const flagged = (flag: string) => results.competencies.filter((c) => c.selfOther?.flag === flag).map((c) => title(c.competency));
  const blind = flagged('blind-spot');
  const hidden = flagged('hidden-strength');
  return html`<div part="sources" class="sources">
    <p>${msg(str`Based on ${list}.`, { id: 'sources.basedOn' })}</p>
    ${blind.length > 0 ? html`<p>${msg(str`Blind spots (self-view above the others'): ${blind.join(', ')}.`, { id: 'sources.blindSpots' })}</p>` : nothing}
    ${hidden.length > 0 ? html`<p>${msg(str`Hidden strengths (others see more than the self-view): ${hidden.join(', ')}.`, { id: 'sources.hiddenStrengths' })}</p>` : nothing}
  </div>`;
}
