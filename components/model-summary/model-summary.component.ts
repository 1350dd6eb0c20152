import { html, nothing } from 'lit';
import type { ValidationResult } from '../../src/model/load.js';
import type { Problem } from '../../src/model/problems.js';
import { summarizeModel } from '../../src/model/summary.js';
import { resolveText } from '../../src/model/text.js';
import type { Model } from '../../src/model/types.js';
import { controls } from '../shared/controls.js';
import { emit } from '../shared/events.js';
import { ModelElement } from '../shared/model-element.js';
import { tokens } from '../shared/tokens.js';
import { styles } from './model-summary.styles.js';

/**
 * @customElement pathway-model-summary
 * @summary Loads a competency model and shows its validation summary: what it contains, and every
 * problem with its path. A live preview for model authors.
 *
 * @event pathway-ready - The model is valid. `detail: { model }`.
 * @event pathway-error - The model is invalid or could not be loaded. `detail: { source, message, problems }`.
 *
 * @csspart base - The wrapper of the summary.
 * @csspart problems - The list of problems.
 *
 * @cssproperty --pathway-color-accent - Accent colour.
 * @cssproperty --pathway-color-danger - Colour of errors.
 * @cssproperty --pathway-color-warning - Colour of warnings.
 */
export class PathwayModelSummary extends ModelElement {
  static override styles = [tokens, controls, styles];

  /** The validated model, once it is valid. */
  override get validModel(): Model | undefined {
    return super.validModel;
  }

  /** Every problem found, errors first. */
  get problems(): readonly Problem[] {
    return this.modelProblems;
  }

  protected override modelChanged(result: ValidationResult): void {
    if (result.ok) emit(this, 'pathway-ready', { model: result.model });
  }

  private problemList(problems: readonly Problem[]) {
    return html`<ul part="problems">
      ${problems.map(
        (p) => html`<li class=${p.severity}>${p.severity === 'error' ? 'Error' : 'Warning'}${p.path ? html` at <code>${p.path}</code>` : nothing}: ${p.message}</li>`,
      )}
    </ul>`;
  }

  protected override render() {
    const result = this.modelResult;
    if (!result) {
      return html`<div part="base" role="status">${this.modelLoading ? 'Loading the model…' : this.src || this.model !== undefined ? '' : 'No model: set the src attribute or the model property.'}</div>`;
    }
    if (!result.ok) {
      const errors = result.problems.filter((p) => p.severity === 'error').length;
      return this.renderProblems(`The model is not valid (${errors} error${errors === 1 ? '' : 's'})`, result.problems);
    }
    const model = result.model;
    const lang = this.effectiveLang;
    const s = summarizeModel(model);
    const warnings = result.problems.filter((p) => p.severity === 'warning');
    return html`<div part="base">
      <h2>${resolveText(model.title, lang, model.language)}</h2>
      ${model.description ? html`<p>${resolveText(model.description, lang, model.language)}</p>` : nothing}
      <dl>
        <dt>Model</dt>
        <dd><code>${model.id}</code>, version ${model.version}</dd>
        <dt>Competencies</dt>
        <dd>${s.competencies}${s.groups ? ` in ${s.groups} groups` : ''}, on a ${s.levels}-level scale</dd>
        <dt>Roles</dt>
        <dd>${model.roles.map((r) => resolveText(r.title, lang, model.language)).join(', ')}</dd>
        <dt>Items</dt>
        <dd>${s.items} (${Object.entries(s.itemsByType).map(([type, n]) => `${n} ${type}`).join(', ')})</dd>
        <dt>Modules</dt>
        <dd>${s.modules} (${Object.entries(s.modulesByKind).map(([kind, n]) => `${n} ${kind}`).join(', ')})</dd>
        <dt>Languages</dt>
        <dd>${s.languages.join(', ')}</dd>
      </dl>
      ${warnings.length === 0 ? html`<p class="muted">Valid, with no warnings.</p>` : html`<p class="warning">Valid, with ${warnings.length} warning${warnings.length === 1 ? '' : 's'}:</p>${this.problemList(warnings)}`}
    </div>`;
  }
}
