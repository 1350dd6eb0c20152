import { html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { decisionOf } from '../../src/assessment/decision.js';
import type { AssessmentResults, CompetencyResult } from '../../src/assessment/types.js';
import { scaleOf, thetaToLevel } from '../../src/model/levels.js';
import { formatDecimal, formatPercent } from '../shared/format.js';
import type { Problem } from '../../src/model/problems.js';
import { resolveText } from '../../src/model/text.js';
import type { Model, Scale } from '../../src/model/types.js';
import { ModelElement } from '../shared/model-element.js';
import { tokens } from '../shared/tokens.js';
import { sourcesLine } from '../shared/sources.js';
import { emit } from '../shared/events.js';
import type { SourceCounts } from '../../src/insights/types.js';
import { styles } from './profile.styles.js';

const WIDTH = 400;
const HEIGHT = 34;
const PAD = 10;

/**
 * @customElement pathway-profile
 * @summary The learner's profile: per competency, the assessed level with its uncertainty band
 * against what the current and the target role require. A chart for the eye, a table for screen
 * readers (and on request), and printable.
 *
 * @event pathway-error - The model is invalid or unreachable, or the results do not fit the model. `detail: { source, message, problems? }`.
 * @event pathway-insights-consent - The learner opted out of team and organisation insights, or back in (the `insights-consent` control). `detail: { optedOut }`. `<pathway-assessment>` sends it to the LRS as the profile's opt-out statement; on a page of your own, send it with `Tracker.consent(optedOut)`.
 *
 * @csspart base - The wrapper.
 * @csspart chart - The chart.
 * @csspart sources - Which raters a fused profile rests on, with its blind spots and hidden strengths.
 * @csspart table - The table.
 * @csspart consent - The opt-out control (with `insights-consent`).
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

  /**
   * Offer the learner the opt-out of team and organisation insights (and back in): a short note and a
   * button that fires `pathway-insights-consent`. Never shown on someone else's profile (`subject`).
   */
  @property({ type: Boolean, attribute: 'insights-consent' }) insightsConsent = false;

  /** Whether the learner is opted out (the control's state; set it from what the LRS says, e.g. `PersonProfile.optedOut`). */
  @property({ type: Boolean, reflect: true, attribute: 'opted-out' }) optedOut = false;

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
      <ul class="legend" ?hidden=${this.showTable} aria-hidden="true">
        <li><span class="key dot"></span>${this.subject ? msg('Assessed level', { id: 'profile.legend.levelOther' }) : msg('Your assessed level', { id: 'profile.legend.level' })}</li>
        <li><span class="key band"></span>${msg('90% range: how sure we are', { id: 'profile.legend.band' })}</li>
        ${current ? html`<li><span class="key current"></span>${msg(str`${this.t(current.title)} requires: from this line on`, { id: 'profile.legend.currentFrom' })}</li>` : nothing}
        ${target ? html`<li><span class="key target"></span>${msg(str`${this.t(target.title)} requires: from this (dashed) line on`, { id: 'profile.legend.targetFrom' })}</li>` : nothing}
        <li><span class="key icon">${ICONS.meets}</span>${msg('meets', { id: 'profile.decision.meets' })}</li>
        <li><span class="key icon">${ICONS.below}</span>${msg('below', { id: 'profile.decision.below' })}</li>
        <li><span class="key icon">${ICONS.unsure}</span>${msg('not yet sure', { id: 'profile.decision.unsure' })}</li>
      </ul>
      <div part="chart" class="chart" ?hidden=${this.showTable} aria-hidden="true">
        ${this.renderAxis(scaleOf(model, model.competencies.find((c) => c.id === rows[0]?.competency)))}
        ${rows.map((row) => this.renderRow(model, row, current, target))}
      </div>
      ${this.renderConsent()}
      ${this.showTable
        ? html`<div class="table-wrap" role="region" tabindex="0" aria-labelledby="profile-caption">${this.renderTable(model, rows, current, target)}</div>`
        : html`<div class="sr-only">${this.renderTable(model, rows, current, target)}</div>`}
    </section>`;
  }

  private renderConsent(): TemplateResult | typeof nothing {
    if (!this.insightsConsent || this.subject) return nothing;
    return html`<div part="consent" class="consent">
      <p>
        ${this.optedOut
          ? msg('You are not counted in team and organisation insights. Your own profile is unchanged.', { id: 'profile.consent.out' })
          : msg('Your levels are counted in team and organisation figures, together with everyone else\'s; your answers are never shown there.', { id: 'profile.consent.in' })}
      </p>
      <button class="link" part="button" @click=${this.toggleConsent}>
        ${this.optedOut ? msg('Count me in again', { id: 'profile.consent.rejoin' }) : msg('Leave team insights', { id: 'profile.consent.leave' })}
      </button>
    </div>`;
  }

  private toggleConsent(): void {
    this.optedOut = !this.optedOut;
    emit(this, 'pathway-insights-consent', { optedOut: this.optedOut });
  }

  private renderTable(model: Model, rows: readonly CompetencyResult[], current: Model['roles'][number] | undefined, target: Model['roles'][number] | undefined): TemplateResult {
    return html`
      <table part="table" class="table">
        <caption id="profile-caption">${msg('Assessed level per competency, with the 90% range and what each role requires', { id: 'profile.caption' })}</caption>
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
              <td>${formatDecimal(row.level, this.effectiveLang)}</td>
              <td>${formatDecimal(row.levelInterval90[0], this.effectiveLang)}–${formatDecimal(row.levelInterval90[1], this.effectiveLang)}</td>
              ${current ? html`<td>${this.requirementCell(row.current)}</td>` : nothing}
              ${target ? html`<td>${this.requirementCell(row.target)}</td>` : nothing}
            </tr>`;
          })}
        </tbody>
      </table>`;
  }

  private requirementCell(check: CompetencyResult['current']): string {
    if (!check) return msg('not required', { id: 'profile.notRequired' });
    const percent = formatPercent(check.pMeets, this.effectiveLang);
    const decision = decisionOf(check);
    if (decision === 'meets') return msg(str`level ${check.requiredLevel}: met (${percent} likely)`, { id: 'profile.requirement.meets' });
    if (decision === 'below') return msg(str`level ${check.requiredLevel}: below (${percent} likely met)`, { id: 'profile.requirement.below' });
    return msg(str`level ${check.requiredLevel}: not yet sure (${percent} likely met)`, { id: 'profile.requirement.unsure' });
  }

  /** The level axis: each level's number and name, placed where the rows put it. */
  private renderAxis(scale: Scale): TemplateResult {
    const x = position(scale);
    return html`<div class="row axis">
      <span class="label"></span>
      <ol class="levels">
        ${scale.levels.map(
          (l) => html`<li style="left: ${((x(l.level) / WIDTH) * 100).toFixed(2)}%"><span class="number">${l.level}</span><span class="name">${this.t(l.label)}</span></li>`,
        )}
      </ol>
    </div>
    <p class="level-key">${scale.levels.map((l) => `${l.level}\u00a0${this.t(l.label)}`).join(' · ')}</p>`;
  }

  /** The decision on one role's requirement, as an icon (shape) and a word: never colour alone. */
  private renderDecision(role: Model['roles'][number], check: NonNullable<CompetencyResult['current']>): TemplateResult {
    const decision = decisionOf(check);
    const word =
      decision === 'meets'
        ? msg('meets', { id: 'profile.decision.meets' })
        : decision === 'below'
          ? msg('below', { id: 'profile.decision.below' })
          : msg('not yet sure', { id: 'profile.decision.unsure' });
    return html`<span class="decision ${decision}"><span class="icon">${ICONS[decision]}</span>${msg(str`${this.t(role.title)} (level ${check.requiredLevel}): ${word}`, { id: 'profile.decisionLine' })}</span>`;
  }

  private renderRow(model: Model, row: CompetencyResult, current: Model['roles'][number] | undefined, target: Model['roles'][number] | undefined): TemplateResult {
    const competency = model.competencies.find((c) => c.id === row.competency)!;
    const scale = scaleOf(model, competency);
    const x = position(scale);
    const [low, high] = row.levelInterval90;
    // A requirement is met from its threshold (the lower edge of the required level's band), which is
    // where the chart draws it; the zone from there on is shaded.
    const from = (check: NonNullable<CompetencyResult['current']>): number => x(thetaToLevel(scale, check.threshold));
    const zone = [row.current, row.target].filter((c) => c !== undefined).map(from);
    return html`<div class="row">
      <span class="label">
        <span class="title">${this.t(competency.title)}</span>
        ${current && row.current ? this.renderDecision(current, row.current) : nothing}
        ${target && row.target ? this.renderDecision(target, row.target) : nothing}
      </span>
      <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="presentation" focusable="false">
        ${zone.length > 0 ? svg`<rect class="zone" x=${Math.min(...zone)} width=${WIDTH - PAD - Math.min(...zone)} y="2" height=${HEIGHT - 4}></rect>` : nothing}
        <line class="track" x1=${PAD} x2=${WIDTH - PAD} y1=${HEIGHT / 2} y2=${HEIGHT / 2}></line>
        ${scale.levels.map((l) => svg`<line class="tick" x1=${x(l.level)} x2=${x(l.level)} y1=${HEIGHT / 2 - 4} y2=${HEIGHT / 2 + 4}></line>`)}
        <rect class="band" x=${x(low)} width=${Math.max(2, x(high) - x(low))} y=${HEIGHT / 2 - 6} height="12" rx="6"></rect>
        ${row.current ? svg`<line class="current" x1=${from(row.current)} x2=${from(row.current)} y1="2" y2=${HEIGHT - 2}></line>` : nothing}
        ${row.target ? svg`<line class="target" x1=${from(row.target)} x2=${from(row.target)} y1="2" y2=${HEIGHT - 2}></line>` : nothing}
        <circle class="level" cx=${x(row.level)} cy=${HEIGHT / 2} r="6"></circle>
      </svg>
    </div>`;
  }
}

/** Decision icons: distinct shapes (tick, cross, question mark) that read without colour. */
const ICONS = { meets: '✓', below: '✕', unsure: '?' } as const;

/** x coordinate of a (continuous) level on the chart. */
function position(scale: Scale): (level: number) => number {
  const first = scale.levels[0]!.level;
  const last = scale.levels[scale.levels.length - 1]!.level;
  return (level) => PAD + ((Math.min(last, Math.max(first, level)) - first) / (last - first || 1)) * (WIDTH - 2 * PAD);
}
