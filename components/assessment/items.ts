/**
 * How each item type looks: native radio groups in fieldsets (one tab stop, arrow keys, a legend that
 * names the group), rendered into the assessment element's shadow root. These functions only render
 * and report what the learner picked; the element turns a complete draft into an engine response.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { msg, str } from '@lit/localize';
import type { Response } from '../../src/assessment/types.js';
import { DEFAULT_FREQUENCY_SCALE } from '../../src/model/defaults.js';
import { resolveText } from '../../src/model/text.js';
import type { Item, Model, Text } from '../../src/model/types.js';

/** A response being composed: the same fields as an engine response, possibly incomplete. */
export type Draft = Omit<Response, 'item'>;

export interface ItemView {
  model: Model;
  item: Item;
  lang: string;
  observer: boolean;
  draft: Draft;
  /** Offer "not applicable / not observed". */
  allowNotApplicable: boolean;
  /** Display order of options (indices into the item's options). */
  order: readonly number[];
  /** Message to show when the learner tried to go on with an incomplete answer. */
  invalid: string;
  change(draft: Draft): void;
}

const NA = -1;

function t(view: ItemView, text: Text | undefined): string {
  return resolveText(text, view.lang, view.model.language);
}

/** A labelled native radio; its label is the whole row, a large target. */
function radio(name: string, value: number, checked: boolean, label: TemplateResult | string, onPick: () => void, extraClass = ''): TemplateResult {
  return html`<label class="option ${extraClass}">
    <input type="radio" name=${name} .value=${String(value)} .checked=${checked} @change=${onPick} />
    <span class="option-text">${label}</span>
  </label>`;
}

function group(legend: TemplateResult | string, body: TemplateResult, errorId?: string, invalid = false): TemplateResult {
  return html`<fieldset part="question" class="question" aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${errorId ?? nothing}>
    <legend>${legend}</legend>
    <div class="options">${body}</div>
  </fieldset>`;
}

function notApplicable(view: ItemView, name: string): TemplateResult | typeof nothing {
  if (!view.allowNotApplicable) return nothing;
  const label = view.observer ? msg('Not observed', { id: 'item.notObserved' }) : msg('Not applicable / no opportunity yet', { id: 'item.notApplicable' });
  return radio(name, NA, view.draft.notApplicable === true, label, () => view.change({ notApplicable: true }), 'na');
}

function choiceGroup(view: ItemView, legend: TemplateResult | string, labels: readonly string[], order: readonly number[]): TemplateResult {
  const name = `item-${view.item.id}`;
  const error = view.invalid ? 'item-error' : undefined;
  return group(
    legend,
    html`${order.map((index) => radio(name, index, view.draft.choice === index && !view.draft.notApplicable, labels[index] ?? '', () => view.change({ choice: index })))}
    ${notApplicable(view, name)}`,
    error,
    Boolean(view.invalid),
  );
}

function frequencyLabels(view: ItemView): string[] {
  const scale = view.model.frequencyScale;
  if (scale) return scale.map((label) => t(view, label));
  return [
    msg('Never', { id: 'frequency.never' }),
    msg('Rarely', { id: 'frequency.rarely' }),
    msg('Sometimes', { id: 'frequency.sometimes' }),
    msg('Often', { id: 'frequency.often' }),
    msg('Almost always', { id: 'frequency.almostAlways' }),
  ].slice(0, DEFAULT_FREQUENCY_SCALE.length);
}

const identity = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function effectivenessLabels(): string[] {
  return [
    msg('1 – Counter-productive', { id: 'sjt.rate1' }),
    msg('2 – Ineffective', { id: 'sjt.rate2' }),
    msg('3 – Somewhat effective', { id: 'sjt.rate3' }),
    msg('4 – Effective', { id: 'sjt.rate4' }),
    msg('5 – Very effective', { id: 'sjt.rate5' }),
  ];
}

export function renderItem(view: ItemView): TemplateResult {
  const { item } = view;
  switch (item.type) {
    case 'frequency': {
      const stem = t(view, view.observer ? (item.observerStem ?? item.stem) : item.stem);
      const labels = frequencyLabels(view);
      return choiceGroup(view, stem, labels, identity(labels.length));
    }
    case 'anchored': {
      const stem = t(view, view.observer ? (item.observerStem ?? item.stem) : item.stem);
      const labels = item.options.map((o) => t(view, view.observer ? (o.observerText ?? o.text) : o.text));
      return choiceGroup(view, stem, labels, view.order);
    }
    case 'forced-choice': {
      const stem = item.stem ? t(view, item.stem) : msg('Which of the two is more like you?', { id: 'forcedChoice.stem' });
      return choiceGroup(view, stem, item.options.map((o) => t(view, o.text)), view.order);
    }
    case 'evidence':
      return renderEvidence(view, item);
    case 'situational':
      return renderSituational(view, item);
  }
}

function renderEvidence(view: ItemView, item: Extract<Item, { type: 'evidence' }>): TemplateResult {
  const rubric = item.rubric.map((r) => t(view, r.text));
  const legend = view.observer
    ? msg('Which description fits the work you have seen best?', { id: 'evidence.observerLegend' })
    : msg('Which description fits your work best?', { id: 'evidence.legend' });
  return html`<div class="scenario">
      <p class="task">${t(view, item.task)}</p>
      ${item.prompt ? html`<p class="prompt">${t(view, item.prompt)}</p>` : nothing}
    </div>
    ${view.observer
      ? nothing
      : html`<label class="evidence-field">
          <span>${msg('Your evidence: describe the work or paste a link', { id: 'evidence.field' })}</span>
          <textarea
            rows="4"
            maxlength="2000"
            .value=${view.draft.evidence ?? ''}
            @input=${(e: Event) => view.change({ ...view.draft, evidence: (e.target as HTMLTextAreaElement).value })}
          ></textarea>
        </label>`}
    ${choiceGroup(
      { ...view, change: (draft) => view.change({ ...draft, ...(view.draft.evidence ? { evidence: view.draft.evidence } : {}) }) },
      legend,
      rubric,
      identity(rubric.length),
    )}`;
}

function renderSituational(view: ItemView, item: Extract<Item, { type: 'situational' }>): TemplateResult {
  const options = item.options.map((o) => t(view, o.text));
  const scenario = html`<div class="scenario">
    <p>${t(view, item.scenario)}</p>
  </div>`;
  const question = item.question ? t(view, item.question) : undefined;
  const invalid = Boolean(view.invalid);
  switch (item.format) {
    case 'best':
      return html`${scenario}${choiceGroup(view, question ?? msg('What would you do?', { id: 'sjt.best' }), options, view.order)}`;
    case 'most-least': {
      // One table, each option's text once, with a "most" and a "least" radio beside it: two radio
      // groups (one tab stop each, arrow keys within a column), named by their column and row.
      const pick = (field: 'most' | 'least', index: number): void => view.change({ ...view.draft, [field]: index });
      const id = (part: string): string => `ml-${item.id}-${part}`;
      const cell = (field: 'most' | 'least', index: number) => html`<td>
        <label class="cell-target">
          <input
            type="radio"
            name=${`item-${item.id}-${field}`}
            .value=${String(index)}
            .checked=${view.draft[field] === index}
            aria-labelledby="${id(field)} ${id(`option-${index}`)}"
            @change=${() => pick(field, index)}
          />
        </label>
      </td>`;
      return html`${scenario}
        <div role="group" class="most-least" aria-labelledby=${id('question')} aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${invalid ? 'item-error' : nothing}>
          <p id=${id('question')} class="question-text">${question ?? msg('Which would be the most and the least effective?', { id: 'sjt.mostLeast' })}</p>
          <table class="choice-table">
            <thead>
              <tr>
                <th scope="col"><span class="sr-only">${msg('Option', { id: 'sjt.option' })}</span></th>
                <th scope="col" id=${id('most')}>${msg('Most effective', { id: 'sjt.mostColumn' })}</th>
                <th scope="col" id=${id('least')}>${msg('Least effective', { id: 'sjt.leastColumn' })}</th>
              </tr>
            </thead>
            <tbody>
              ${view.order.map((index) => html`<tr>
                <th scope="row" id=${id(`option-${index}`)}>${options[index] ?? ''}</th>
                ${cell('most', index)}${cell('least', index)}
              </tr>`)}
            </tbody>
          </table>
        </div>`;
    }
    case 'rate-each': {
      // A compact rating grid: per option one row of five numbered choices (each radio keeps its full
      // label for screen readers), with the scale explained once above.
      const labels = effectivenessLabels();
      const ratings = view.draft.ratings ?? [];
      const rate = (option: number, value: number): void => {
        const next = [...(view.draft.ratings ?? Array<number>(options.length).fill(0))];
        next[option] = value;
        view.change({ ...view.draft, ratings: next });
      };
      return html`${scenario}
        <p class="question-text">${question ?? msg('How effective would each of these be?', { id: 'sjt.rateEach' })}</p>
        <p class="scale-key" aria-hidden="true">${labels.join(' · ')}</p>
        ${view.order.map((index) => {
          const missing = invalid && !ratings[index];
          return html`<fieldset part="question" class="question rating-row" aria-invalid=${missing ? 'true' : 'false'} aria-describedby=${missing ? 'item-error' : nothing}>
            <legend>${options[index] ?? ''}</legend>
            <div class="ratings">
              ${labels.map(
                (label, value) => html`<label class="option rating">
                  <input type="radio" name=${`item-${item.id}-rate-${index}`} .value=${String(value + 1)} .checked=${ratings[index] === value + 1} @change=${() => rate(index, value + 1)} />
                  <span aria-hidden="true">${value + 1}</span><span class="sr-only">${label}</span>
                </label>`,
              )}
            </div>
          </fieldset>`;
        })}`;
    }
  }
}

/** A response when the draft is complete for the item, otherwise a message saying what is missing. */
export function completeResponse(item: Item, draft: Draft): Response | string {
  if (draft.notApplicable) return { item: item.id, notApplicable: true };
  if (item.type === 'situational' && item.format === 'most-least') {
    if (draft.most === undefined || draft.least === undefined) return msg('Choose both the most and the least effective option.', { id: 'invalid.mostLeast' });
    if (draft.most === draft.least) return msg('The most and the least effective option must be different.', { id: 'invalid.sameMostLeast' });
    return { item: item.id, most: draft.most, least: draft.least };
  }
  if (item.type === 'situational' && item.format === 'rate-each') {
    const ratings = draft.ratings ?? [];
    const missing = item.options.length - ratings.filter((r) => r >= 1).length;
    if (missing > 0) return missing === 1 ? msg('Rate every option: one is still missing.', { id: 'invalid.rateOne' }) : msg(str`Rate every option: ${missing} are still missing.`, { id: 'invalid.rateMany' });
    return { item: item.id, ratings: ratings.slice(0, item.options.length) };
  }
  if (draft.choice === undefined) return msg('Choose an answer to go on.', { id: 'invalid.choose' });
  const response: Response = { item: item.id, choice: draft.choice };
  if (item.type === 'evidence' && draft.evidence?.trim()) response.evidence = draft.evidence.trim();
  return response;
}

/** The draft that shows a given response again (for going back). */
export function draftOf(response: Response): Draft {
  const { item: _item, rater: _rater, raterId: _raterId, latencyMs: _latency, ...draft } = response;
  return draft;
}
