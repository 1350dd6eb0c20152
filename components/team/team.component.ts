import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, str } from '@lit/localize';
import { figuresFor } from '../../src/insights/analytics/views.js';
import { readInsightsReport } from '../../src/insights/analytics/read.js';
import { proposeTeam, type ProjectNeed, type TeamProposal } from '../../src/insights/analytics/team-builder.js';
import { isHidden, type Hidden, type InsightsReport, type MentorPair, type PersonRow, type Status, type ViewFigures } from '../../src/insights/analytics/types.js';
import { resolveText } from '../../src/model/text.js';
import type { Person } from '../../src/insights/types.js';
import { PathwayElement } from '../shared/base.js';
import { acceptModel, fetchModel } from '../shared/model-source.js';
import { emit } from '../shared/events.js';
import { tokens } from '../shared/tokens.js';
import { styles } from './team.styles.js';

type View = 'heatmap' | 'patterns' | 'mentors' | 'builder' | 'culture' | 'requests';
const VIEWS: readonly View[] = ['heatmap', 'patterns', 'mentors', 'builder', 'culture', 'requests'];
/** Rows drawn beyond the visible ones, and the fixed row height the windowing relies on (px). */
const OVERSCAN = 4;
/** Properties that start a read of the evidence when no report is given. */
const EVIDENCE_INPUTS = ['lrs', 'statementsSrc', 'model', 'modelSrc', 'rosterSrc', 'roster'] as const;
const ROW = 40;

const percent = (p: number): string => `${Math.round(p * 100)}%`;
/** Teams to filter by: people without a team (no roster, or none given) are under "All teams" only. */
const namedTeams = (report: InsightsReport): string[] => report.teams.filter((t) => t !== '');
const level = (x: number): string => x.toFixed(1);

/**
 * @customElement pathway-team
 * @summary The manager's and the organisation's view of a team's capability, from an insights
 * report (`pathway insights report --json`, format `pathway-insights-report/1`) or from the evidence
 * itself (an LRS in `lrs`, or a statements file, with the model and a roster): a heatmap of people ×
 * competencies with uncertainty in text and pattern, patterns (gaps, blind spots, bench strength,
 * readiness), mentor proposals, a team builder, a culture view and rater-request status. Groups below
 * the report's privacy minimum are shown with the reason they are hidden, never with a number.
 *
 * @event pathway-person-open - A person's row was opened. `detail: { person }` (their levels and intervals).
 * @event pathway-mentor-accept - A proposed mentor pair was accepted. `detail: { pair }`.
 * @event pathway-mentor-decline - A proposed mentor pair was declined. `detail: { pair }`.
 * @event pathway-evidence-read - The evidence was read (from `lrs` or `statements-src`) and the report built. `detail: { people, skipped, duplicates, badLines }` (counts only).
 * @event pathway-error - The report is invalid or unreachable (`source: "report"`), or the evidence could not be read (`source: "evidence"`). `detail: { source, message }`.
 *
 * @csspart base - The wrapper.
 * @csspart tabs - The view switcher.
 * @csspart filters - The team, role and competency filters.
 * @csspart heatmap - The people × competencies table.
 * @csspart person - The opened person's details.
 * @csspart patterns - Gaps, blind spots, bench strength and readiness.
 * @csspart mentors - The mentor proposals.
 * @csspart builder - The team builder.
 * @csspart culture - The culture view.
 * @csspart requests - Rater requests.
 *
 * @cssproperty --pathway-color-success - Cells that clearly meet the requirement.
 * @cssproperty --pathway-color-warning - Cells that are unsure.
 * @cssproperty --pathway-color-danger - Clear gaps.
 */
export class PathwayTeam extends PathwayElement {
  static override styles = [tokens, styles];

  /** URL of an insights report (JSON written by `pathway insights report --json`). */
  @property({ attribute: 'report-src' }) reportSrc = '';

  /** The insights report as an object, instead of `report-src`. */
  @property({ attribute: false }) report: unknown;

  /**
   * Read the evidence itself instead of a report: the LRS to read every Pathway statement from
   * (`{ endpoint, auth }`, read access). The credential is used for these requests only, never stored.
   * Needs `model` or `model-src`.
   */
  @property({ attribute: false }) lrs: { endpoint: string; auth?: string } | undefined;

  /** URL of a statements file (a JSON array, an LRS page with `statements`, or NDJSON), instead of an LRS. Needs a model. */
  @property({ attribute: 'statements-src' }) statementsSrc = '';

  /** The competency model the statements were made with (object), for `lrs` or `statements-src`. */
  @property({ attribute: false }) model: unknown;

  /** URL of that model, instead of `model`. */
  @property({ attribute: 'model-src' }) modelSrc = '';

  /** URL of a roster CSV (person, name, team, manager, role, target role): limits who may rate whom and names the teams. */
  @property({ attribute: 'roster-src' }) rosterSrc = '';

  /** The roster as CSV text or a list of people, instead of `roster-src`. */
  @property({ attribute: false }) roster: string | readonly Person[] | undefined;

  /** The view shown first: heatmap, patterns, mentors, builder, culture or requests. */
  @property({ reflect: true }) view: View = 'heatmap';

  @state() private valid: InsightsReport | undefined;
  @state() private problem = '';
  @state() private team = '';
  @state() private roleFilter = '';
  @state() private competency = '';
  @state() private sort: 'name' | 'team' | 'gaps' | 'competency' = 'team';
  @state() private first = 0;
  @state() private visible = 18;
  @state() private opened: PersonRow | undefined;
  @state() private decisions = new Map<string, 'accepted' | 'declined'>();
  @state() private needs: ProjectNeed[] = [];
  @state() private pool = '';
  @state() private proposal: TeamProposal | { error: string } | undefined;
  @state() private culture: string[] = [];

  private abort: AbortController | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('report') && this.report !== undefined) this.accept(this.report);
    else if (changed.has('reportSrc') && this.reportSrc && this.report === undefined) void this.load(this.reportSrc);
    else if (this.report === undefined && !this.reportSrc && EVIDENCE_INPUTS.some((k) => changed.has(k)) && (this.lrs || this.statementsSrc)) void this.readEvidence();
  }

  /** Statements → fused profiles → report, in the browser; the reader and analytics load only now. */
  private async readEvidence(): Promise<void> {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    const signal = abort.signal;
    const text = async (src: string, what: string): Promise<string> => {
      const response = await fetch(src, { signal, credentials: 'same-origin' });
      if (!response.ok) throw new Error(`the ${what} at ${src} could not be loaded: HTTP ${response.status}`);
      return response.text();
    };
    try {
      const modelResult = this.model !== undefined ? await acceptModel(this.model) : this.modelSrc ? await fetchModel(this.modelSrc, signal) : undefined;
      if (!modelResult) throw new Error('reading evidence needs the model: set "model" or "model-src"');
      if (!modelResult.ok) throw new Error(`the model has a problem: ${modelResult.problems[0]?.message ?? 'invalid'}`);
      const roster = this.roster ?? (this.rosterSrc ? await text(this.rosterSrc, 'roster') : undefined);
      const { reportFromEvidence, evidenceReaderUrl } = await import('../../src/insights/analytics/from-evidence.js');
      const lrs = this.lrs ? { endpoint: this.lrs.endpoint, ...(this.lrs.auth ? { auth: this.lrs.auth } : {}) } : undefined;
      // In a worker, so that the page stays responsive (./off-thread.ts); on the page where none can start.
      const { reportOffThread } = await import('./off-thread.js');
      const statementsFile = this.statementsSrc ? { src: this.statementsSrc, url: new URL(this.statementsSrc, document.baseURI).href } : undefined;
      const result =
        (await reportOffThread(modelResult.model, { lrs, roster, statements: statementsFile }, evidenceReaderUrl(), signal)) ??
        (signal.aborted ? undefined : await reportFromEvidence(modelResult.model, { lrs, roster, statements: this.statementsSrc ? await text(this.statementsSrc, 'statements file') : undefined, signal }));
      if (!result || signal.aborted) return;
      this.accept(result.report);
      emit(this, 'pathway-evidence-read', { skipped: result.skipped, duplicates: result.duplicates, badLines: result.badLines, people: result.report.people?.length ?? 0 });
    } catch (error) {
      if (signal.aborted) return;
      this.valid = undefined;
      this.problem = (error as Error).message;
      this.reportError('evidence', this.problem);
    }
  }

  private accept(value: unknown): void {
    try {
      this.valid = readInsightsReport(value);
      this.problem = '';
      this.first = 0;
      this.opened = undefined;
      this.proposal = undefined;
      const competencies = this.valid.competencies;
      this.culture = competencies.slice(0, Math.min(3, competencies.length)).map((c) => c.id);
      this.needs = competencies.slice(0, 2).map((c) => ({ competency: c.id, level: c.levels[Math.min(2, c.levels.length - 1)]!.level, count: 1 }));
    } catch (error) {
      this.valid = undefined;
      this.problem = (error as Error).message;
      this.reportError('report', this.problem);
    }
  }

  private async load(src: string): Promise<void> {
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    try {
      const response = await fetch(src, { signal: abort.signal, credentials: 'same-origin' });
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${src}`);
      const json: unknown = await response.json();
      if (!abort.signal.aborted) this.accept(json);
    } catch (error) {
      if (abort.signal.aborted) return;
      this.valid = undefined;
      this.problem = `${src}: ${(error as Error).message}`;
      this.reportError('report', this.problem);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.abort?.abort();
  }

  private text(value: Parameters<typeof resolveText>[0]): string {
    return resolveText(value, this.effectiveLang);
  }

  private competencyTitle(id: string): string {
    const c = this.valid?.competencies.find((x) => x.id === id);
    return c ? this.text(c.title) : id;
  }

  /** "Team · role", either left out when the report has none (no roster). */
  private placeOf(p: PersonRow): string {
    return [p.team, p.role ? this.roleTitle(p.role) : ''].filter(Boolean).join(' · ');
  }

  private roleTitle(id: string | undefined): string {
    const r = this.valid?.roles.find((x) => x.id === id);
    return r ? this.text(r.title) : (id ?? '');
  }

  private personName(id: string): string {
    return this.valid?.people?.find((p) => p.id === id)?.name ?? id;
  }

  private hiddenText(h: Hidden): string {
    if (h.hidden === 'too-few-changed')
      return msg(str`Hidden: fewer than ${h.minimum} people were assessed (again) since the quarter shown before.`, { id: 'team.hidden.changed' });
    return h.hidden === 'group-below-minimum'
      ? msg(str`Hidden: this group has fewer than ${h.minimum} people.`, { id: 'team.hidden.group' })
      : msg(str`Hidden: fewer than ${h.minimum} people have evidence on this.`, { id: 'team.hidden.evidence' });
  }

  private statusText(status: Status | undefined): string {
    switch (status) {
      case 'meets':
        return msg('meets', { id: 'team.status.meets' });
      case 'probably':
        return msg('probably meets', { id: 'team.status.probably' });
      case 'probably-not':
        return msg('probably not yet', { id: 'team.status.probablyNot' });
      case 'gap':
        return msg('gap', { id: 'team.status.gap' });
      default:
        return msg('not required', { id: 'team.status.none' });
    }
  }

  private get filter(): { teams?: string[]; roles?: string[] } {
    return { ...(this.team ? { teams: [this.team] } : {}), ...(this.roleFilter ? { roles: [this.roleFilter] } : {}) };
  }

  private sorted: { key: unknown[]; rows: PersonRow[] } | undefined;

  /** The filtered, sorted people; kept while the report, filters and sort stay the same (scrolling re-renders often). */
  private get rows(): PersonRow[] {
    const key = [this.valid, this.team, this.roleFilter, this.sort, this.competency];
    if (this.sorted && this.sorted.key.every((k, i) => k === key[i])) return this.sorted.rows;
    const people = (this.valid?.people ?? []).filter((p) => (!this.team || p.team === this.team) && (!this.roleFilter || p.role === this.roleFilter));
    const gaps = (p: PersonRow) => p.cells.filter((c) => c.current && (c.current.status === 'gap' || c.current.status === 'probably-not')).length;
    const at = (p: PersonRow) => p.cells.find((c) => c.competency === this.competency)?.level ?? -1;
    const compare = new Intl.Collator(this.effectiveLang).compare;
    const by = {
      name: (a: PersonRow, b: PersonRow) => compare(a.name ?? a.id, b.name ?? b.id),
      team: (a: PersonRow, b: PersonRow) => compare(a.team, b.team) || compare(a.name ?? a.id, b.name ?? b.id),
      gaps: (a: PersonRow, b: PersonRow) => gaps(b) - gaps(a),
      competency: (a: PersonRow, b: PersonRow) => at(b) - at(a),
    }[this.sort];
    const rows = [...people].sort(by);
    this.sorted = { key, rows };
    return rows;
  }

  override render() {
    if (this.problem) {
      return html`<div part="base" class="base">${this.renderProblems(msg('This team view cannot be shown because its report has a problem.', { id: 'team.error' }), [{ severity: 'error', path: '', message: this.problem, code: 'report' } as never])}</div>`;
    }
    const report = this.valid;
    if (!report) return html`<div part="base" class="base"><p class="muted" role="status">${msg('Loading the team report …', { id: 'team.loading' })}</p></div>`;
    const names: Record<View, string> = {
      heatmap: msg('Heatmap', { id: 'team.view.heatmap' }),
      patterns: msg('Patterns', { id: 'team.view.patterns' }),
      mentors: msg('Mentors', { id: 'team.view.mentors' }),
      builder: msg('Team builder', { id: 'team.view.builder' }),
      culture: msg('Culture', { id: 'team.view.culture' }),
      requests: msg('Rater requests', { id: 'team.view.requests' }),
    };
    return html`<div part="base" class="base">
      <div class="head">
        <h2>${this.text(report.model.title)}</h2>
        <p class="muted">${msg(str`Figures for ${report.settings.now.slice(0, 10)}; no group figure over fewer than ${report.settings.minGroupSize} people.`, { id: 'team.lead' })}</p>
      </div>
      <div part="tabs" class="tabs" role="tablist" aria-label=${msg('Views', { id: 'team.views' })} @keydown=${this.onTabKey}>
        ${VIEWS.map(
          (v) => html`<button role="tab" id="tab-${v}" aria-controls="panel" aria-selected=${this.view === v ? 'true' : 'false'} tabindex=${this.view === v ? 0 : -1} @click=${() => (this.view = v)}>${names[v]}</button>`,
        )}
      </div>
      ${this.view === 'builder' || this.view === 'requests' ? nothing : this.renderFilters(report)}
      <div id="panel" role="tabpanel" aria-labelledby="tab-${this.view}">${this.renderView(report)}</div>
    </div>`;
  }

  private onTabKey(event: KeyboardEvent): void {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = VIEWS[(VIEWS.indexOf(this.view) + step + VIEWS.length) % VIEWS.length]!;
    this.view = next;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`#tab-${next}`)?.focus());
  }

  private renderFilters(report: InsightsReport) {
    const roles = [...new Set((report.people ?? []).map((p) => p.role ?? '').filter(Boolean))];
    return html`<div part="filters" class="filters">
      <label>${msg('Team', { id: 'team.filter.team' })}
        <select @change=${(e: Event) => ((this.team = (e.target as HTMLSelectElement).value), (this.first = 0))}>
          <option value="" ?selected=${!this.team}>${msg('All teams', { id: 'team.filter.allTeams' })}</option>
          ${namedTeams(report).map((t) => html`<option value=${t} ?selected=${this.team === t}>${t}</option>`)}
        </select>
      </label>
      <label>${msg('Role', { id: 'team.filter.role' })}
        <select @change=${(e: Event) => ((this.roleFilter = (e.target as HTMLSelectElement).value), (this.first = 0))}>
          <option value="" ?selected=${!this.roleFilter}>${msg('All roles', { id: 'team.filter.allRoles' })}</option>
          ${roles.map((r) => html`<option value=${r} ?selected=${this.roleFilter === r}>${this.roleTitle(r)}</option>`)}
        </select>
      </label>
      ${this.view === 'heatmap'
        ? html`<label>${msg('Competency', { id: 'team.filter.competency' })}
              <select @change=${(e: Event) => (this.competency = (e.target as HTMLSelectElement).value)}>
                <option value="" ?selected=${!this.competency}>${msg('All competencies', { id: 'team.filter.allCompetencies' })}</option>
                ${report.competencies.map((c) => html`<option value=${c.id} ?selected=${this.competency === c.id}>${this.text(c.title)}</option>`)}
              </select>
            </label>
            <label>${msg('Sort by', { id: 'team.sort' })}
              <select @change=${(e: Event) => (this.sort = (e.target as HTMLSelectElement).value as typeof this.sort)}>
                <option value="team" ?selected=${this.sort === 'team'}>${msg('Team', { id: 'team.filter.team' })}</option>
                <option value="name" ?selected=${this.sort === 'name'}>${msg('Name', { id: 'team.sort.name' })}</option>
                <option value="gaps" ?selected=${this.sort === 'gaps'}>${msg('Most gaps first', { id: 'team.sort.gaps' })}</option>
                <option value="competency" ?selected=${this.sort === 'competency'} ?disabled=${!this.competency}>${msg('Level in the chosen competency', { id: 'team.sort.competency' })}</option>
              </select>
            </label>`
        : nothing}
    </div>`;
  }

  private renderView(report: InsightsReport) {
    switch (this.view) {
      case 'patterns':
        return this.renderPatterns(figuresFor(report, this.filter));
      case 'mentors':
        return this.renderMentors(report);
      case 'builder':
        return this.renderBuilder(report);
      case 'culture':
        return this.renderCulture(report);
      case 'requests':
        return this.renderRequests(report);
      default:
        return this.renderHeatmap(report);
    }
  }

  private legend() {
    const statuses: Status[] = ['meets', 'probably', 'probably-not', 'gap'];
    const symbol = { meets: '✓', probably: '≈', 'probably-not': '?', gap: '✗' } as const;
    return html`<ul class="legend" aria-label=${msg('Legend', { id: 'team.legend' })}>
      ${statuses.map((s) => html`<li><span class="swatch ${s}" aria-hidden="true">${symbol[s]}</span>${this.statusText(s)}</li>`)}
      <li><span class="swatch none" aria-hidden="true"></span>${this.statusText(undefined)}</li>
      <li class="muted">${msg('Each cell: fused level and its 90% range; the requirement of the current role.', { id: 'team.legend.cell' })}</li>
    </ul>`;
  }

  private renderHeatmap(report: InsightsReport) {
    if (!report.people) return html`<p>${msg('This report has group figures only (built without individuals).', { id: 'team.noPeople' })}</p>`;
    const rows = this.rows;
    const columns = this.competency ? report.competencies.filter((c) => c.id === this.competency) : report.competencies;
    const last = Math.min(rows.length, this.first + this.visible + OVERSCAN);
    const start = Math.max(0, this.first - OVERSCAN);
    const symbol = { meets: '✓', probably: '≈', 'probably-not': '?', gap: '✗' } as const;
    const view = figuresFor(report, this.filter);
    return html`${this.legend()}
      <p class="muted" role="status">${msg(str`${rows.length} people. Open a row for details.`, { id: 'team.count' })}</p>
      <div class="scroller" @scroll=${this.onScroll} tabindex="0" aria-label=${msg('Heatmap, scrolls in both directions', { id: 'team.heatmap.scroll' })}>
        <table part="heatmap" class="heatmap" aria-rowcount=${rows.length + 1}>
          <caption class="sr-only">${msg('People by competency: level, range and requirement status', { id: 'team.heatmap.caption' })}</caption>
          <thead>
            <tr aria-rowindex="1">
              <th scope="col" class="who">${msg('Person', { id: 'team.person' })}</th>
              ${columns.map((c) => html`<th scope="col"><span class="col">${this.text(c.title)}</span></th>`)}
            </tr>
          </thead>
          <tbody>
            ${start > 0 ? html`<tr class="spacer" aria-hidden="true" style="height:${start * ROW}px"></tr>` : nothing}
            ${rows.slice(start, last).map(
              (p, i) => html`<tr aria-rowindex=${start + i + 2} class=${this.opened?.id === p.id ? 'open' : ''}>
                <th scope="row" class="who">
                  <button class="link" @click=${() => this.open(p)} aria-expanded=${this.opened?.id === p.id ? 'true' : 'false'}>${p.name ?? p.id}</button>
                  <span class="muted small">${this.placeOf(p)}${p.reassessmentDue ? html`${this.placeOf(p) ? ' · ' : ''}<span class="due">${msg('re-assess', { id: 'team.due.short' })}</span>` : nothing}</span>
                </th>
                ${this.cellsOf(p, columns, symbol)}
              </tr>`,
            )}
            ${last < rows.length ? html`<tr class="spacer" aria-hidden="true" style="height:${(rows.length - last) * ROW}px"></tr>` : nothing}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" class="who">${msg('Group mean', { id: 'team.mean' })}</th>
              ${columns.map((c) => {
                const f = view.competencies.find((x) => x.competency === c.id)?.figure;
                return !f || isHidden(f) ? html`<td class="hidden-figure">${f ? html`<span title=${this.hiddenText(f)}>${msg('hidden', { id: 'team.hiddenShort' })}</span><span class="sr-only">${this.hiddenText(f)}</span>` : '–'}</td>` : html`<td>${level(f.meanLevel)} <small>n=${f.n}</small></td>`;
              })}
            </tr>
          </tfoot>
        </table>
      </div>
      ${this.opened ? this.renderPerson(this.opened) : nothing}`;
  }

  /**
   * One row's cells. Plain text per cell (symbol, level, ± half-range, and the sentence for screen
   * readers): few bindings, no tooltip copy of the sentence, so 40 columns stay cheap to draw.
   */
  private cellsOf(p: PersonRow, columns: readonly { id: string }[], symbol: Record<Status, string>) {
    const byCompetency = new Map(p.cells.map((c) => [c.competency, c]));
    return columns.map((c) => {
      const cell = byCompetency.get(c.id);
      if (!cell) return html`<td class="empty"><span class="sr-only">${msg('no evidence', { id: 'team.noEvidence' })}</span>–</td>`;
      const s = cell.current?.status;
      const full = `${level(cell.level)} (${level(cell.interval[0])}–${level(cell.interval[1])})${cell.current ? `, ${this.statusText(s)} ${cell.current.level} (${percent(cell.current.pMeets)})` : ''}`;
      return html`<td class="cell ${s ?? 'none'}"><span aria-hidden="true">${`${s ? symbol[s] : ''} ${level(cell.level)}`}<small>${`±${level((cell.interval[1] - cell.interval[0]) / 2)}`}</small></span><span class="sr-only">${full}</span></td>`;
    });
  }

  private onScroll(event: Event): void {
    const el = event.target as HTMLElement;
    const first = Math.floor(el.scrollTop / ROW);
    const visible = Math.ceil(el.clientHeight / ROW) + 1;
    if (first !== this.first || visible !== this.visible) {
      this.first = first;
      this.visible = visible;
    }
  }

  private open(person: PersonRow): void {
    this.opened = this.opened?.id === person.id ? undefined : person;
    if (this.opened) emit(this, 'pathway-person-open', { person });
  }

  private renderPerson(p: PersonRow) {
    const sources = msg(str`Evidence: self-assessment ${p.sources.self ? '✓' : '–'}, ${p.sources.managers} manager(s), ${p.sources.peers} peer(s).`, { id: 'team.sources' });
    const headline = [this.placeOf(p), p.targetRole ? `→ ${this.roleTitle(p.targetRole)}` : ''].filter(Boolean).join(' ');
    return html`<section part="person" class="person" aria-label=${p.name ?? p.id}>
      <h3>${p.name ?? p.id}</h3>
      <p class="muted">${headline ? `${headline}. ` : ''}${sources}
        ${msg(str`Newest evidence: ${p.assessedAt.slice(0, 10)}.`, { id: 'team.assessedAt' })}
        ${p.reassessmentDue ? html`<strong class="due">${msg('A re-assessment is due: some decisions are no longer sure.', { id: 'team.due' })}</strong>` : nothing}</p>
      ${p.readiness ? html`<p>${msg(str`Ready for ${this.roleTitle(p.readiness.role)}: ${this.statusText(p.readiness.status)} (${percent(p.readiness.pMeetsCritical)} sure of every key requirement).`, { id: 'team.readiness.person' })}</p>` : nothing}
      <table class="plain">
        <thead><tr><th scope="col">${msg('Competency', { id: 'team.filter.competency' })}</th><th scope="col">${msg('Level (90% range)', { id: 'team.levelRange' })}</th><th scope="col">${msg('Current role', { id: 'team.currentRole' })}</th><th scope="col">${msg('Target role', { id: 'team.targetRole' })}</th></tr></thead>
        <tbody>
          ${p.cells.map(
            (c) => html`<tr><th scope="row">${this.competencyTitle(c.competency)}</th><td>${level(c.level)} (${level(c.interval[0])}–${level(c.interval[1])})</td>
              <td>${c.current ? `${this.statusText(c.current.status)} ${c.current.level} (${percent(c.current.pMeets)})` : '–'}</td>
              <td>${c.target ? `${this.statusText(c.target.status)} ${c.target.level} (${percent(c.target.pMeets)})` : '–'}</td></tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }

  private share(x: { competency: string; people: number; of: number; share: number }): TemplateResult {
    return html`<li><strong>${this.competencyTitle(x.competency)}</strong>: ${msg(str`${x.people} of ${x.of} (${percent(x.share)})`, { id: 'team.share' })}</li>`;
  }

  private renderPatterns(view: ViewFigures) {
    const risk = { none: msg('nobody', { id: 'team.risk.none' }), 'single-holder': msg('single holder', { id: 'team.risk.single' }), ok: msg('covered', { id: 'team.risk.ok' }) };
    return html`<div part="patterns" class="patterns">
      ${isHidden(view.people) ? html`<p class="hidden-figure" role="note">${this.hiddenText(view.people)}</p>` : html`<p>${msg(str`${view.people} people counted.`, { id: 'team.counted' })} ${view.partial ? msg('Some people matching the filter are counted only in wider views, so that no one can be singled out.', { id: 'team.partial' }) : ''}</p>`}
      <section><h3>${msg('Most common gaps (current role)', { id: 'team.gaps' })}</h3>
        ${view.gaps.length ? html`<ol>${view.gaps.slice(0, 8).map((g) => this.share(g))}</ol>` : html`<p class="muted">${msg('None to show.', { id: 'team.none' })}</p>`}</section>
      <section><h3>${msg('Team blind spots (self-view above the other evidence)', { id: 'team.blindSpots' })}</h3>
        ${view.blindSpots.length ? html`<ol>${view.blindSpots.slice(0, 8).map((g) => this.share(g))}</ol>` : html`<p class="muted">${msg('None to show.', { id: 'team.none' })}</p>`}</section>
      <section><h3>${msg('Bench strength', { id: 'team.bench' })}</h3>
        <table class="plain">
          <thead><tr><th scope="col">${msg('Competency', { id: 'team.filter.competency' })}</th><th scope="col">${msg('Level', { id: 'team.level' })}</th><th scope="col">${msg('Clearly at that level', { id: 'team.holders' })}</th><th scope="col">${msg('Re-assessments due', { id: 'team.dueCount' })}</th></tr></thead>
          <tbody>
            ${view.competencies.map(({ competency, figure }) =>
              isHidden(figure)
                ? html`<tr><th scope="row">${this.competencyTitle(competency)}</th><td colspan="3" class="hidden-figure">${this.hiddenText(figure)}</td></tr>`
                : html`<tr class=${figure.bench ? `risk-${figure.bench.risk}` : ''}><th scope="row">${this.competencyTitle(competency)}</th><td>${figure.bench?.level ?? '–'}</td><td>${figure.bench ? html`${figure.bench.holders} <span class="risk">(${risk[figure.bench.risk]})</span>` : '–'}</td><td>${figure.due}</td></tr>`,
            )}
          </tbody>
        </table></section>
      <section><h3>${msg('Readiness for the next role', { id: 'team.readiness' })}</h3>
        ${isHidden(view.readiness)
          ? html`<p class="hidden-figure">${this.hiddenText(view.readiness)}</p>`
          : html`<p>${msg(str`Ready: ${view.readiness.meets}; probably: ${view.readiness.probably}; not yet: ${view.readiness['probably-not'] + view.readiness.gap} (of ${view.readiness.n}).`, { id: 'team.readiness.counts' })}</p>`}</section>
    </div>`;
  }

  private pairKey(p: MentorPair): string {
    return `${p.mentor}|${p.mentee}|${p.competency}`;
  }

  private decide(pair: MentorPair, decision: 'accepted' | 'declined'): void {
    this.decisions = new Map(this.decisions).set(this.pairKey(pair), decision);
    if (decision === 'accepted') emit(this, 'pathway-mentor-accept', { pair });
    else emit(this, 'pathway-mentor-decline', { pair });
  }

  private renderMentors(report: InsightsReport) {
    const proposal = report.mentors;
    if (!proposal) return html`<p>${msg('This report has group figures only (built without individuals).', { id: 'team.noPeople' })}</p>`;
    const inView = (id: string) => {
      const p = report.people?.find((x) => x.id === id);
      return !!p && (!this.team || p.team === this.team) && (!this.roleFilter || p.role === this.roleFilter);
    };
    const pairs = proposal.pairs.filter((p) => inView(p.mentee) || inView(p.mentor));
    return html`<div part="mentors" class="mentors">
      <p class="muted">${proposal.exact ? msg('The best matching for everyone at once: gaps covered first, same team preferred, load spread.', { id: 'team.mentors.exact' }) : msg('A good matching (the pool is too large to prove the best one).', { id: 'team.mentors.greedy' })}</p>
      ${pairs.length === 0 ? html`<p>${msg('No pairs to propose.', { id: 'team.mentors.none' })}</p>` : nothing}
      <ul class="pairs">
        ${pairs.map((pair) => {
          const decision = this.decisions.get(this.pairKey(pair));
          return html`<li>
            <p><strong>${this.personName(pair.mentor)}</strong> → <strong>${this.personName(pair.mentee)}</strong>: ${this.competencyTitle(pair.competency)}</p>
            <p class="muted small">${msg(str`${this.personName(pair.mentee)} probably does not yet reach level ${pair.level} (${percent(pair.reason.menteePMeets)} sure they do); ${this.personName(pair.mentor)} clearly reaches level ${pair.reason.mentorLevel} (${percent(pair.reason.mentorPReaches)}).`, { id: 'team.mentors.reason' })}
              ${pair.sameTeam ? msg('Same team.', { id: 'team.mentors.sameTeam' }) : ''}</p>
            ${decision
              ? html`<p role="status">${decision === 'accepted' ? msg('Accepted.', { id: 'team.mentors.accepted' }) : msg('Declined.', { id: 'team.mentors.declined' })}</p>`
              : html`<div class="actions"><button @click=${() => this.decide(pair, 'declined')}>${msg('Decline', { id: 'team.mentors.decline' })}</button><button class="primary" @click=${() => this.decide(pair, 'accepted')}>${msg('Accept', { id: 'team.mentors.accept' })}</button></div>`}
          </li>`;
        })}
      </ul>
    </div>`;
  }

  private setNeed(i: number, change: Partial<ProjectNeed>): void {
    this.needs = this.needs.map((n, k) => (k === i ? { ...n, ...change } : n));
    this.proposal = undefined;
  }

  private propose(report: InsightsReport): void {
    const people = (report.people ?? []).filter((p) => !this.pool || p.team === this.pool);
    try {
      this.proposal = proposeTeam(people, report.competencies, this.needs, { confidence: report.settings.confidence });
    } catch (error) {
      this.proposal = { error: (error as Error).message };
    }
  }

  private renderBuilder(report: InsightsReport) {
    if (!report.people) return html`<p>${msg('This report has group figures only (built without individuals).', { id: 'team.noPeople' })}</p>`;
    const proposal = this.proposal;
    return html`<div part="builder" class="builder">
      <p>${msg('Choose what the project needs and from whom to pick; the proposal is the smallest set of people who clearly bring it.', { id: 'team.builder.lead' })}</p>
      <label>${msg('Pick from', { id: 'team.builder.pool' })}
        <select @change=${(e: Event) => ((this.pool = (e.target as HTMLSelectElement).value), (this.proposal = undefined))}>
          <option value="" ?selected=${!this.pool}>${msg('All teams', { id: 'team.filter.allTeams' })}</option>
          ${namedTeams(report).map((t) => html`<option value=${t} ?selected=${this.pool === t}>${t}</option>`)}
        </select>
      </label>
      <ul class="needs">
        ${this.needs.map((n, i) => {
          const info = report.competencies.find((c) => c.id === n.competency)!;
          return html`<li>
            <label>${msg('Competency', { id: 'team.filter.competency' })}
              <select @change=${(e: Event) => this.setNeed(i, { competency: (e.target as HTMLSelectElement).value })}>
                ${report.competencies.map((c) => html`<option value=${c.id} ?selected=${c.id === n.competency}>${this.text(c.title)}</option>`)}
              </select></label>
            <label>${msg('Level', { id: 'team.level' })}
              <select @change=${(e: Event) => this.setNeed(i, { level: Number((e.target as HTMLSelectElement).value) })}>
                ${info.levels.map((l) => html`<option value=${l.level} ?selected=${l.level === n.level}>${l.level} · ${this.text(l.label)}</option>`)}
              </select></label>
            <label>${msg('People', { id: 'team.builder.count' })}
              <input type="number" min="1" max="9" .value=${String(n.count ?? 1)} @change=${(e: Event) => this.setNeed(i, { count: Math.max(1, Number((e.target as HTMLInputElement).value) || 1) })} /></label>
            <button @click=${() => ((this.needs = this.needs.filter((_, k) => k !== i)), (this.proposal = undefined))}>${msg('Remove', { id: 'team.builder.remove' })}</button>
          </li>`;
        })}
      </ul>
      <div class="actions">
        <button @click=${() => ((this.needs = [...this.needs, { competency: report.competencies[0]!.id, level: report.competencies[0]!.levels[2]?.level ?? report.competencies[0]!.levels[0]!.level, count: 1 }]), (this.proposal = undefined))}>${msg('Add a need', { id: 'team.builder.add' })}</button>
        <button class="primary" ?disabled=${this.needs.length === 0} @click=${() => this.propose(report)}>${msg('Propose a team', { id: 'team.builder.propose' })}</button>
      </div>
      <div role="status">
        ${!proposal
          ? nothing
          : 'error' in proposal
            ? html`<p class="error-view">${proposal.error}</p>`
            : html`<h3>${msg(str`Proposed: ${proposal.members.length} people`, { id: 'team.builder.size' })}</h3>
                ${proposal.exact ? nothing : html`<p class="muted">${msg('The pool is too large to prove this is the smallest team.', { id: 'team.builder.notExact' })}</p>`}
                <ul>
                  ${proposal.members.map(
                    (m) => html`<li><strong>${this.personName(m.id)}</strong>: ${m.covers.map((c, k) => html`${k ? ', ' : ''}${this.competencyTitle(c.competency)} ${c.level} (${percent(c.pReaches)}${c.only ? html`, <em>${msg('needed', { id: 'team.builder.only' })}</em>` : nothing})`)}</li>`,
                  )}
                </ul>
                ${proposal.uncovered.length
                  ? html`<p><strong>${msg('Not covered by anyone in the pool:', { id: 'team.builder.uncovered' })}</strong> ${proposal.uncovered.map((u, k) => html`${k ? '; ' : ''}${this.competencyTitle(u.competency)} ${u.level} (${msg(str`${u.missing} more`, { id: 'team.builder.missing' })})`)}</p>`
                  : html`<p>${msg('Everything the project needs is covered.', { id: 'team.builder.allCovered' })}</p>`}`}
      </div>
    </div>`;
  }

  private renderCulture(report: InsightsReport) {
    const groups: [string, ViewFigures][] = [[msg('Whole organisation', { id: 'team.culture.org' }), figuresFor(report, { ...(this.roleFilter ? { roles: [this.roleFilter] } : {}) })], ...report.teams.filter((t) => !this.team || t === this.team).map((t) => [t, figuresFor(report, { teams: [t], ...(this.roleFilter ? { roles: [this.roleFilter] } : {}) })] as [string, ViewFigures])];
    // Over time for what the filters select: the whole organisation, or the chosen team.
    const overTime = this.team ? groups[1]![1] : groups[0]![1];
    return html`<div part="culture" class="culture">
      <fieldset class="choose"><legend>${msg('Competencies to follow', { id: 'team.culture.choose' })}</legend>
        ${report.competencies.map(
          (c) => html`<label class="check"><input type="checkbox" .checked=${this.culture.includes(c.id)} @change=${(e: Event) => (this.culture = (e.target as HTMLInputElement).checked ? [...this.culture, c.id] : this.culture.filter((x) => x !== c.id))} />${this.text(c.title)}</label>`,
        )}
      </fieldset>
      <div class="scroller short">
        <table class="plain">
          <caption>${msg('Mean level by group', { id: 'team.culture.byGroup' })}</caption>
          <thead><tr><th scope="col">${msg('Group', { id: 'team.culture.group' })}</th>${this.culture.map((id) => html`<th scope="col">${this.competencyTitle(id)}</th>`)}</tr></thead>
          <tbody>
            ${groups.map(
              ([name, view]) => html`<tr><th scope="row">${name}</th>${this.culture.map((id) => {
                const f = view.competencies.find((x) => x.competency === id)?.figure;
                return !f || isHidden(f) ? html`<td class="hidden-figure">${f ? this.hiddenText(f) : '–'}</td>` : html`<td>${level(f.meanLevel)} <small>n=${f.n}</small></td>`;
              })}</tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="scroller short">
        <table class="plain">
          <caption>${msg('Over time (everyone assessed by the end of each quarter)', { id: 'team.culture.overTime' })}${this.team ? html` · ${this.team}` : nothing}</caption>
          <thead><tr><th scope="col">${msg('Quarter', { id: 'team.culture.quarter' })}</th>${this.culture.map((id) => html`<th scope="col">${this.competencyTitle(id)}</th>`)}</tr></thead>
          <tbody>
            ${(overTime.culture[0]?.periods ?? []).map(
              ({ period }) => html`<tr><th scope="row">${period}</th>${this.culture.map((id) => {
                const f = overTime.culture.find((c) => c.competency === id)?.periods.find((p) => p.period === period)?.figure;
                return !f || isHidden(f) ? html`<td class="hidden-figure">${f ? this.hiddenText(f) : '–'}</td>` : html`<td>${level(f.meanLevel)} <small>n=${f.n}</small></td>`;
              })}</tr>`,
            )}
          </tbody>
        </table>
      </div>
    </div>`;
  }

  private renderRequests(report: InsightsReport) {
    const requests = report.requests ?? [];
    if (requests.length === 0) return html`<p>${msg('No rater requests in this report.', { id: 'team.requests.none' })}</p>`;
    return html`<div part="requests" class="requests scroller short">
      <p class="muted">${msg('Who was asked and who has answered; never what anyone answered.', { id: 'team.requests.lead' })}</p>
      <table class="plain">
        <thead><tr><th scope="col">${msg('Person rated', { id: 'team.requests.person' })}</th><th scope="col">${msg('Answered', { id: 'team.requests.answered' })}</th><th scope="col">${msg('Still missing', { id: 'team.requests.missing' })}</th></tr></thead>
        <tbody>
          ${requests.map(
            (r) => html`<tr><th scope="row">${this.personName(r.person)}</th>
              <td>${r.raters.filter((x) => x.answered).map((x) => x.name ?? x.id).join(', ') || '–'}</td>
              <td>${r.raters.filter((x) => !x.answered).map((x) => x.name ?? x.id).join(', ') || msg('nobody', { id: 'team.risk.none' })}</td></tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}
