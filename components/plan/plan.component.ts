import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import type { AssessmentResults } from '../../src/assessment/types.js';
import { resolveText } from '../../src/model/text.js';
import type { Module } from '../../src/model/types.js';
import type { Plan, PlanStep, Readiness, ReadinessRequirement } from '../../src/planner/types.js';
import { emit } from '../shared/events.js';
import { formatMinutes, formatPercent } from '../shared/format.js';
import { loadPlanner } from '../shared/lazy-parts.js';
import { ModelElement } from '../shared/model-element.js';
import { tokens } from '../shared/tokens.js';
import { SHOWN_REASONS, kindLabel, modalityLabel, names as names_, reasonText, splitWhy } from './reasons.js';
import { styles } from './plan.styles.js';

/**
 * @customElement pathway-plan
 * @summary The learner's development pathway: ordered steps, each saying why (which gap, for which
 * role, from which evidence), what and how, with its modality and time. Steps can be marked done
 * (the rest is re-planned), and the pathway can be printed or copied as text.
 *
 * @event pathway-step-done - A step was marked done or not done. `detail: { module, done, plan }`.
 * @event pathway-error - The model is invalid or unreachable. `detail: { source, message, problems? }`.
 *
 * @csspart base - The wrapper.
 * @csspart step - Each step.
 * @csspart button - Every button.
 *
 * @cssproperty --pathway-color-accent - Links and step numbers.
 */
export class PathwayPlan extends ModelElement {
  static override styles = [tokens, styles];

  /** The pathway to show. */
  @property({ attribute: false }) plan: Plan | undefined;

  /** Whose pathway this is, when it is not the reader's own (e.g. a manager planning with a team member). */
  @property() subject = '';

  /** The assessment results the pathway came from; needed to re-plan when steps are marked done. */
  @property({ attribute: false }) results: AssessmentResults | undefined;

  @state() private status = '';

  private t(text: Parameters<typeof resolveText>[0]): string {
    return resolveText(text, this.effectiveLang, this.validModel?.language ?? 'en');
  }

  private moduleOf(id: string): Module | undefined {
    return this.validModel?.modules.find((m) => m.id === id);
  }

  private async toggle(step: PlanStep, done: boolean): Promise<void> {
    const model = this.validModel;
    const plan = this.plan;
    if (!model || !plan) return;
    const { replan } = await loadPlanner();
    const doneIds = new Set(plan.steps.filter((s) => s.status === 'done').map((s) => s.module));
    if (done) doneIds.add(step.module);
    else doneIds.delete(step.module);
    const next: Plan = this.results
      ? replan(model, plan, this.results, { done: [...doneIds] })
      : { ...plan, steps: plan.steps.map((s) => (s.module === step.module ? { ...s, status: done ? 'done' : 'todo' } : s)) };
    this.plan = next;
    const title = this.t(this.moduleOf(step.module)?.title ?? step.module);
    this.status = done ? msg(str`Marked "${title}" as done.`, { id: 'plan.markedDone' }) : msg(str`Marked "${title}" as not done.`, { id: 'plan.markedTodo' });
    emit(this, 'pathway-step-done', { module: step.module, done, plan: next });
  }

  /** The pathway as plain text (for copying into an e-mail or a development plan). */
  toText(): string {
    const plan = this.plan;
    if (!plan) return '';
    const lines = [this.heading(), ''];
    plan.steps.forEach((step, i) => {
      const module = this.moduleOf(step.module);
      lines.push(`${i + 1}. ${this.t(module?.title ?? step.module)}${step.status === 'done' ? ` (${msg('done', { id: 'plan.done' })})` : ''}`);
      lines.push(`   ${kindLabel(step.kind)} · ${modalityLabel(step.modality)} · ${this.minutes(step.minutes)}`);
      const why = splitWhy(step.explanation.why).headline.map((r) => reasonText(r, this.reasonContext())).join(' ');
      if (why) lines.push(`   ${msg('Why', { id: 'plan.why' })}: ${why}`);
      if (module) lines.push(`   ${msg('What', { id: 'plan.what' })}: ${this.t(module.what)}`, `   ${msg('How', { id: 'plan.how' })}: ${this.t(module.how)}`);
      if (module?.url) lines.push(`   ${module.url}`);
      lines.push('');
    });
    return lines.join('\n');
  }

  private heading(): string {
    return this.subject ? msg(str`Development pathway for ${this.subject}`, { id: 'plan.headingFor' }) : msg('Your development pathway', { id: 'plan.heading' });
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.toText());
      this.status = msg('The pathway was copied as text.', { id: 'plan.copied' });
    } catch {
      this.status = msg('Copying is not allowed here; select the text of the pathway and copy it instead.', { id: 'plan.copyFailed' });
    }
  }

  private minutes(total: number): string {
    return formatMinutes(total, this.effectiveLang);
  }

  private reasonContext() {
    return { model: this.validModel!, lang: this.effectiveLang };
  }

  protected override render(): TemplateResult {
    if (this.modelResult?.ok === false) return this.renderProblems(msg('The pathway cannot be shown.', { id: 'plan.error' }), this.modelProblems);
    const plan = this.plan;
    const model = this.validModel;
    if (!plan || !model) return html`<p class="muted">${msg('No pathway to show yet.', { id: 'plan.empty' })}</p>`;
    const total = plan.totalMinutes || 1;
    const share = (m: number): string => formatPercent(m / total, this.effectiveLang);
    const context = this.reasonContext();
    return html`<section part="base" class="plan" aria-labelledby="plan-heading">
      <div class="sr-only" role="status" aria-live="polite">${this.status}</div>
      <h2 id="plan-heading">${this.heading()}</h2>
      <p class="lead">${msg(
        str`${plan.steps.length} steps, about ${this.minutes(plan.totalMinutes)} in all: ${share(plan.blend.experiential)} learning by doing, ${share(plan.blend.social)} with others, ${share(plan.blend.formal)} courses and reading.`,
        { id: 'plan.summary' },
      )}</p>
      ${plan.readiness ? this.renderReadiness(plan, plan.readiness) : nothing}
      ${plan.notes.length > 0 ? html`<ul class="notes">${plan.notes.map((n) => html`<li>${reasonText(n, context)}</li>`)}</ul>` : nothing}
      ${this.renderSettleElsewhere(plan)}
      <ol class="steps">
        ${plan.steps.map((step) => this.renderStep(step))}
      </ol>
      ${plan.uncovered.length > 0
        ? html`<h3>${msg('Not covered by this pathway', { id: 'plan.uncovered' })}</h3>
            <ul class="uncovered">${plan.uncovered.map((u) => html`<li>${reasonText(u.reason, context)}</li>`)}</ul>`
        : nothing}
      <div class="nav">
        <button part="button" @click=${() => window.print()}>${msg('Print', { id: 'plan.print' })}</button>
        <button part="button" @click=${this.copy}>${msg('Copy as text', { id: 'plan.copy' })}</button>
      </div>
    </section>`;
  }

  /**
   * Readiness for the role aimed at: what is met, not yet sure and missing now (the assessment's
   * decisions), and what the pathway is expected to change (the planner's figures).
   */
  private renderReadiness(plan: Plan, readiness: Readiness): TemplateResult {
    const names = (list: readonly ReadinessRequirement[]): string =>
      new Intl.ListFormat(this.effectiveLang || 'en', { type: 'conjunction' }).format(list.map((r) => names_(this.reasonContext()).competency(r.competency)));
    const role = names_(this.reasonContext()).role(readiness.role);
    const by = (decision: string, after = false) => readiness.requirements.filter((r) => (after ? r.decisionAfter : r.decision) === decision);
    const met = by('meets');
    const unsure = by('unsure');
    const missing = by('below');
    const metAfter = by('meets', true).length;
    const total = readiness.requirements.length;
    // What would settle each unsure requirement is said here, under "Not yet sure", not in a second list.
    const settle = (plan.settle ?? []).filter((s) => s.slot === readiness.slot);
    const context = this.reasonContext();
    const unsureText = settle.length > 0
      ? html`<ul class="settle">${settle.map((s) => html`<li>${reasonText(s.reason, context)}</li>`)}</ul>`
      : unsure.length > 0 ? names(unsure) : msg('none', { id: 'plan.readiness.noneUnsure' });
    return html`<section class="readiness" aria-labelledby="readiness-heading">
      <h3 id="readiness-heading">${readiness.slot === 'target'
        ? msg(str`Readiness for ${role} (the role you aim for)`, { id: 'plan.readiness.target' })
        : msg(str`Readiness for ${role}`, { id: 'plan.readiness.current' })}</h3>
      <dl>
        <dt><span class="icon" aria-hidden="true">✓</span>${msg(str`Met (${met.length} of ${total})`, { id: 'plan.readiness.met' })}</dt>
        <dd>${met.length > 0 ? names(met) : msg('none yet', { id: 'plan.readiness.none' })}</dd>
        <dt><span class="icon" aria-hidden="true">?</span>${msg(str`Not yet sure (${unsure.length})`, { id: 'plan.readiness.unsure' })}</dt>
        <dd>${unsureText}</dd>
        <dt><span class="icon" aria-hidden="true">✕</span>${msg(str`Missing (${missing.length})`, { id: 'plan.readiness.missing' })}</dt>
        <dd>${missing.length > 0 ? names(missing) : msg('none', { id: 'plan.readiness.noneUnsure' })}</dd>
      </dl>
      <p>${metAfter > met.length
        ? msg(str`With this pathway done, about ${metAfter} of the ${total} requirements are expected to be met.`, { id: 'plan.readiness.after' })
        : msg('This pathway is not expected to change how many requirements are met yet; it narrows the gaps.', { id: 'plan.readiness.afterSame' })}</p>
    </section>`;
  }

  /** Unsure requirements the readiness summary does not cover (no summary, or the other role). */
  private renderSettleElsewhere(plan: Plan): TemplateResult | typeof nothing {
    const rest = (plan.settle ?? []).filter((s) => s.slot !== plan.readiness?.slot);
    if (rest.length === 0) return nothing;
    const context = this.reasonContext();
    const heading = plan.readiness
      ? msg(str`Not yet sure for ${names_(context).role(rest[0]!.role)}`, { id: 'plan.settleFor' })
      : msg('Not yet sure', { id: 'plan.settle' });
    return html`<h3>${heading}</h3>
      <ul class="settle">${rest.map((s) => html`<li>${reasonText(s.reason, context)}</li>`)}</ul>`;
  }

  private renderStep(step: PlanStep): TemplateResult {
    const module = this.moduleOf(step.module);
    const title = this.t(module?.title ?? step.module);
    const context = this.reasonContext();
    const done = step.status === 'done';
    const id = `step-${step.module}`;
    const why = splitWhy(step.explanation.why);
    return html`<li part="step" class=${done ? 'step done' : 'step'} aria-labelledby=${id}>
      <div class="step-head">
        <h3 id=${id}>${title}</h3>
        <p class="meta">
          <span class="badge ${step.modality}">${kindLabel(step.kind)}</span>
          <span>${modalityLabel(step.modality)}</span>
          <span>${this.minutes(step.minutes)}</span>
          ${step.awareness ? html`<span class="badge awareness">${msg('Awareness first', { id: 'plan.awareness' })}</span>` : nothing}
        </p>
      </div>
      <dl>
        <dt>${msg('Why', { id: 'plan.why' })}</dt>
        <dd>
          ${why.headline.map((r) => html`<span class="reason">${reasonText(r, context)}</span> `)}
          ${why.details.length > 0
            ? html`<details>
                <summary>${msg('More about why, and how sure we are', { id: 'plan.moreWhy' })}</summary>
                <ul>${why.details.map((r) => html`<li>${reasonText(r, context)}</li>`)}</ul>
              </details>`
            : nothing}
        </dd>
        <dt>${msg('What', { id: 'plan.what' })}</dt>
        <dd>${module ? this.t(module.what) : nothing} ${step.explanation.what.filter((r) => SHOWN_REASONS.what.has(r.code)).map((r) => html`<span class="reason">${reasonText(r, context)}</span> `)}</dd>
        <dt>${msg('How', { id: 'plan.how' })}</dt>
        <dd>${module ? this.t(module.how) : nothing} ${step.explanation.how.filter((r) => SHOWN_REASONS.how.has(r.code)).map((r) => html`<span class="reason">${reasonText(r, context)}</span> `)}</dd>
      </dl>
      <div class="step-actions">
        ${module?.url
          ? html`<a href=${module.url} target="_blank" rel="noopener noreferrer">${msg(str`Open "${title}"`, { id: 'plan.open' })}</a>`
          : nothing}
        <label class="done-toggle">
          <input type="checkbox" .checked=${done} @change=${(e: Event) => void this.toggle(step, (e.target as HTMLInputElement).checked)} />
          <span>${msg('Done', { id: 'plan.doneLabel' })}<span class="sr-only">: ${title}</span></span>
        </label>
      </div>
    </li>`;
  }
}
