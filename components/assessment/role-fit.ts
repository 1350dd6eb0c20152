/** The candidate-mode role-fit table of <pathway-assessment> (kept apart from the element's layout). */
import { html } from 'lit';
import { msg, str } from '@lit/localize';
import type { AssessmentResults } from '../../src/assessment/types.js';
import { roleFit } from '../../src/insights/analytics/role-fit.js';

export function renderRoleFit(results: AssessmentResults, confidence: number, title: (competency: string) => string) {
  const rows = roleFit(results, confidence);
  const fit = { meets: msg('meets', { id: 'candidate.meets' }), close: msg('close', { id: 'candidate.close' }), gap: msg('gap', { id: 'candidate.gap' }) };
  return html`<section class="role-fit" part="role-fit">
    <h3>${msg('Fit for the role', { id: 'candidate.heading' })}</h3>
    <table>
      <thead><tr><th scope="col">${msg('Competency', { id: 'candidate.competency' })}</th><th scope="col">${msg('Required', { id: 'candidate.required' })}</th><th scope="col">${msg('Fit', { id: 'candidate.fit' })}</th><th scope="col">${msg('How sure', { id: 'candidate.sure' })}</th></tr></thead>
      <tbody>
        ${rows.map(
          (r) => html`<tr class=${r.fit}><th scope="row">${title(r.competency)}</th><td>${r.requiredLevel}</td><td>${fit[r.fit]}</td><td>${r.sure ? msg(str`${Math.round(r.pMeets * 100)}% that it is met`, { id: 'candidate.pMeets' }) : msg(str`${Math.round(r.pMeets * 100)}% that it is met (not sure yet)`, { id: 'candidate.pMeetsUnsure' })}</td></tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}
