/**
 * Checking a response against its item and turning it into an outcome of the item's response
 * model. Every way a response can be wrong gets its own sentence; nothing is guessed.
 */
import { closest } from '../model/suggest.js';
import type { Bank, BankItem } from './bank.js';
import type { Config } from './config.js';
import { ResponseError } from './errors.js';
import { rateEachCategory } from './item-models.js';
import type { Response } from './types.js';

/** The outcome index of a valid response, or undefined for "not applicable" (no evidence). */
export function outcomeOf(bank: Bank, config: Config, response: Response): { item: number; outcome: number | undefined } {
  if (response === null || typeof response !== 'object') throw new ResponseError('missing-answer', 'a response must be an object such as { item: "id", choice: 2 }');
  const index = typeof response.item === 'string' ? bank.itemIndex.get(response.item) : undefined;
  if (index === undefined) {
    const suggestion = typeof response.item === 'string' ? closest(response.item, [...bank.itemIndex.keys()]) : undefined;
    throw new ResponseError('unknown-item', `unknown item "${String(response.item)}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, String(response.item));
  }
  const item = bank.items[index]!;
  const rater = response.rater ?? config.rater;
  if (rater !== config.rater) {
    throw new ResponseError('other-rater', `this is a ${config.rater} assessment; a ${rater}'s responses belong in their own session (combine them with fuseAssessments)`, item.id);
  }
  if (!config.inForm[index]) {
    throw new ResponseError('not-in-form', `item "${item.id}" is not on the ${config.rater} form (it is for: ${item.raters.join(', ')})`, item.id);
  }
  if (response.notApplicable === true) {
    const hasAnswer = response.choice !== undefined || response.most !== undefined || response.least !== undefined || response.ratings !== undefined;
    if (hasAnswer) throw new ResponseError('missing-answer', `item "${item.id}": give either notApplicable or an answer, not both`, item.id);
    if (!notApplicableAllowed(config, item)) {
      throw new ResponseError('not-offered', `item "${item.id}" does not offer "not applicable"${config.rater === 'self' ? '' : ' ("not observed" is switched off for this model)'}`, item.id);
    }
    return { item: index, outcome: undefined };
  }
  return { item: index, outcome: answerOutcome(item, response) };
}

export function notApplicableAllowed(config: Config, item: BankItem): boolean {
  return item.item.allowNotApplicable === true || (config.rater !== 'self' && config.allowNotObserved);
}

function answerOutcome(item: BankItem, response: Response): number {
  const id = item.id;
  const n = optionCount(item);
  const checkIndex = (value: unknown, what: string): number => {
    if (value === undefined) throw new ResponseError('missing-answer', `item "${id}" needs ${what}`, id);
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new ResponseError('out-of-range', `item "${id}": ${what} must be a whole number, got ${JSON.stringify(value)}`, id);
    if (value < 0 || value >= n) throw new ResponseError('out-of-range', `item "${id}": option ${value} is out of range (expected 0–${n - 1})`, id);
    return value;
  };
  switch (item.params.kind) {
    case 'graded': {
      const choice = checkIndex(response.choice, '`choice` (the index of the chosen option)');
      return item.params.optionCategory ? item.params.optionCategory[choice]! : choice;
    }
    case 'nominal':
    case 'pair':
    case 'pair-between':
      return checkIndex(response.choice, '`choice` (the index of the chosen option)');
    case 'most-least': {
      const most = checkIndex(response.most, '`most` (the most effective option)');
      const least = checkIndex(response.least, '`least` (the least effective option)');
      if (most === least) throw new ResponseError('out-of-range', `item "${id}": the most and least effective options must differ (both are ${most})`, id);
      return most * n + least;
    }
    case 'partial-credit': {
      const ratings = response.ratings;
      if (!Array.isArray(ratings)) throw new ResponseError('missing-answer', `item "${id}" needs \`ratings\`: one rating from 1 to 5 per option`, id);
      if (ratings.length !== n) throw new ResponseError('out-of-range', `item "${id}" needs ${n} ratings (one per option), got ${ratings.length}`, id);
      ratings.forEach((r, k) => {
        if (typeof r !== 'number' || !Number.isInteger(r) || r < 1 || r > 5) {
          throw new ResponseError('out-of-range', `item "${id}": rating ${k} must be a whole number from 1 to 5, got ${JSON.stringify(r)}`, id);
        }
      });
      return rateEachCategory(ratings, item.params.key!);
    }
  }
}

/** Number of answer options the item shows (frequency: the length of the frequency scale). */
export function optionCount(item: BankItem): number {
  const i = item.item;
  if (i.type === 'situational' || i.type === 'anchored') return i.options.length;
  if (i.type === 'evidence') return i.rubric.length;
  if (i.type === 'forced-choice') return 2;
  return item.outcomes;
}
