import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { AssessmentResults, CompetencyResult } from '../../src/assessment/types.js';
import { scaleOf } from '../../src/model/levels.js';
import type { Problem } from '../../src/model/problems.js';
import { resolveText } from '../../src/model/text.js';
import type { Model, Scale } from '../../src/model/types.js';
import { ModelElement } from '../shared/model-element.js';
import { tokens } from '../shared/tokens.js';
import { sourcesLine } from '../shared/sources.js';
import type { SourceCounts } from '../../src/insights/types.js';
import { styles } from './profile.styles.js';

const WIDTH = 600;
const HEIGHT = 30;
const PAD = 14;

/**
 * @customElement pathway-profile
 * @summary The learner's profile: per competency, the assessed level with its uncertainty band
 * against what the current and the target role require. A chart for the eye, a table for screen
 * readers (and on request), and printable.
 *
 * @event pathway-error - The model is invalid or unreachable, or the results do not fit the model. `detail: { source, message, problems? }`.
 *
 * @csspart base - The wrapper.
 * @csspart chart - The chart.
 * @csspart sources - Which raters a fused profile rests on, with its blind spots and hidden strengths.
 * @csspart table - The table.
 *
 * @cssproperty --pathway-color-accent - The estimate and its band.
 * @cssproperty --pathway-color-text - Requirement markers.
 */
export class PathwayProfile extends ModelElement {
  static override styles = [tokens, styles];

  /** The assessment results to show. */
  @property({ attribute: false }) results: AssessmentResults | undefined;

  /** Whose profile this is, when it is not the reader's own (e.g. a manager viewing a team member). */
  @property() subject = '';

  /**
   * What the results rest on, when they are fused from several raters (e.g. read from the LRS with
   * `EvidenceCollector`): shown as "Based on you, your manager and 3 peers" with the blind spots and
   * hidden strengths the fused evidence finds.
   */
  @property({ attribute: false }) sources: SourceCounts | undefined;

  /** Show the table instead of the chart. */
  @property({ type: Boolean, reflect: true, attribute: 'show-table' }) showTable = false;

  /** Results that do not belong to the model. */
  @state() private resultProblems: readonly Problem[] = [];

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('results')) this.checkResults();
  }

  protected override modelChanged(): void {
    this.checkResults();
  }

  private checkResults(): void {
    const model = this.validModel;
    const results = this.results;
    this.resultProblems = [];
    if (model && results && results.model.id !== model.id) {
      const message = `These results are for the model ${results.model.id}, not ${model.id}.`;
      this.resultProblems = [{ severity: 'error', kind: 'reference', path: 'results.model.id', message }];
      this.reportError('results', message);
    }
  }

  private t(text: Parameters<typeof resolveText>[0]): string {
    return resolveText(text, this.effectiveLang, this.validModel?.language ?? 'en');
  }

  protected override render(): TemplateResult {
    const problems = this.modelResult?.ok === false ? this.modelProblems : this.resultProblems;
    if (problems.length > 0) return this.renderProblems(msg('The profile cannot be shown.', { id: 'profile.error' }), problems);
    const model = this.validModel;
    const results = this.results;
    if (!model || !results) return html`<p class="muted">${msg('No results to show yet.', { id: 'profile.empty' })}</p>`;
    const rows = results.competencies.filter((c) => model.competencies.some((m) => m.id === c.competency));
    const current = model.roles.find((r) => r.id === results.currentRole);
    const target = model.roles.find((r) => r.id === results.targetRole);
    return html`<section part="base" class="profile" aria-labelledby="profile-heading">
      <div class="head">
        <h2 id="profile-heading">${this.subject ? msg(str`Competency profile of ${this.subject}`, { id: 'profile.headingOf' }) : msg('Your competency profile', { id: 'profile.heading' })}</h2>
        <button class="link" part="button" aria-pressed=${this.showTable ? 'true' : 'false'} @click=${() => (this.showTable = !this.showTable)}>
          ${this.showTable ? msg('Show as chart', { id: 'profile.showChart' }) : msg('Show as table', { id: 'profile.showTable' })}
        </button>
      </div>
      ${sourcesLine(this.sources, results, (id) => this.t(model.competencies.find((c) => c.id === id)?.title ?? id), Boolean(this.subject), this.effectiveLang)}
      <ul class="legend" aria-hidden=${this.showTable ? 'true' : 'false'}>
        <li><span class="key dot"></span>${msg('Your assessed level', { id: 'profile.legend.level' })}</li>
        <li><span class="key band"></span>${msg('90% range: how sure we are', { id: 'profile.legend.band' })}</li>
        ${current ? html`<li><span class="key current"></span>${msg(str`${this.t(current.title)} requires`, { id: 'profile.legend.current' })}</li>` : nothing}
        ${target ? html`<li><span class="key target"></span>${msg(str`${this.t(target.title)} requires`, { id: 'profile.legend.target' })}</li>` : nothing}
      </ul>
      <div part="chart" class="chart" ?hidden=${this.showTable} aria-hidden="true">
        ${rows.map((row) => this.renderRow(model, row))}
      </div>
      <table part="table" class=${this.showTable ? 'table' : 'table sr-only'}>
        <caption>${msg('Assessed level per competency, with the 90% range and what each role requires', { id: 'profile.caption' })}</caption>
        <thead>
          <tr>
            <th scope="col">${msg('Competency', { id: 'profile.col.competency' })}</th>
            <th scope="col">${msg('Assessed level', { id: 'profile.col.level' })}</th>
            <th scope="col">${msg('90% range', { id: 'profile.col.range' })}</th>
            ${current ? html`<th scope="col">${this.t(current.title)}</th>` : nothing}
            ${target ? html`<th scope="col">${this.t(target.title)}</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${rows.map((row) => {
            const competency = model.competencies.find((c) => c.id === row.competency)!;
            return html`<tr>
              <th scope="row">${this.t(competency.title)}</th>
              <td>${row.level.toFixed(1)}</td>
              <td>${row.levelInterval90[0].toFixed(1)}–${row.levelInterval90[1].toFixed(1)}</td>
              ${current ? html`<td>${this.requirementCell(row.current)}</td>` : nothing}
              ${target ? html`<td>${this.requirementCell(row.target)}</td>` : nothing}
            </tr>`;
          })}
        </tbody>
      </table>
    </section>`;
  }

  private requirementCell(check: CompetencyResult['current']): string {
    if (!check) return msg('not required', { id: 'profile.notRequired' });
    const percent = Math.round(check.pMeets * 100);
    return msg(str`level ${check.requiredLevel}: met with ${percent}% probability`, { id: 'profile.requirement' });
  }

  private renderRow(model: Model, row: CompetencyResult): TemplateResult {
    const competency = model.competencies.find((c) => c.id === row.competency)!;
    const scale = scaleOf(model, competency);
    const x = position(scale);
    const [low, high] = row.levelInterval90;
    const meets = row.current ? row.current.pMeets >= 0.5 : true;
    return html`<div class="row">
      <span class="label">${this.t(competency.title)}</span>
      <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="presentation" focusable="false">
        <line class="track" x1=${PAD} x2=${WIDTH - PAD} y1=${HEIGHT / 2} y2=${HEIGHT / 2}></line>
        ${scale.levels.map((l) => svg`<line class="tick" x1=${x(l.level)} x2=${x(l.level)} y1=${HEIGHT / 2 - 4} y2=${HEIGHT / 2 + 4}></line>`)}
        <rect class="band" x=${x(low)} width=${Math.max(2, x(high) - x(low))} y=${HEIGHT / 2 - 6} height="12" rx="6"></rect>
        ${row.current ? svg`<line class="current" x1=${x(row.current.requiredLevel)} x2=${x(row.current.requiredLevel)} y1="2" y2=${HEIGHT - 2}></line>` : nothing}
        ${row.target
          ? svg`<path class="target" d="M ${x(row.target.requiredLevel)} ${HEIGHT / 2 - 8} l 6 8 l -6 8 l -6 -8 z"></path>`
          : nothing}
        <circle class=${meets ? 'level' : 'level short'} cx=${x(row.level)} cy=${HEIGHT / 2} r="6"></circle>
      </svg>
    </div>`;
  }
}

/** x coordinate of a (continuous) level on the chart. */
function position(scale: Scale): (level: number) => number {
  const first = scale.levels[0]!.level;
  const last = scale.levels[scale.levels.length - 1]!.level;
  return (level) => PAD + ((Math.min(last, Math.max(first, level)) - first) / (last - first || 1)) * (WIDTH - 2 * PAD);
}
