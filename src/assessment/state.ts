/**
 * The saved state: a short ASCII string holding the options and the responses in order — all a
 * relaunch needs to recompute every result and the next item exactly.
 *
 *   p1.<model fingerprint>.<options>.<responses>.<checksum>
 *
 * Numbers are variable-length base-64 (URL-safe alphabet, 5 bits per character with a continuation
 * bit); a response is the item's index in the model followed by its answer in 1–4 characters;
 * "not applicable" is "!" before the index. Evidence text and latencies are not stored (they do not
 * change any result). Format described in docs/assessment.md, "Saved state".
 */
import type { Rater } from '../model/types.js';
import type { Bank } from './bank.js';
import type { Config } from './config.js';
import { StateError } from './errors.js';
import { optionCount } from './responses.js';
import { hash32 } from './random.js';
import type { AssessmentOptions, Response } from './types.js';

export const STATE_VERSION = 1;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));
const RATER_CODES: Record<Rater, string> = { self: 's', manager: 'm', peer: 'p' };
const CODE_RATERS: Record<string, Rater> = { s: 'self', m: 'manager', p: 'peer' };

function writeNumber(n: number): string {
  let out = '';
  let value = n;
  do {
    let digit = value & 31;
    value = Math.floor(value / 32);
    if (value > 0) digit |= 32;
    out += ALPHABET[digit];
  } while (value > 0);
  return out;
}

const zigzag = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);
const unzigzag = (n: number): number => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);

function checksum(text: string): string {
  const h = hash32(text) & 0xffffff;
  return [18, 12, 6, 0].map((shift) => ALPHABET[(h >>> shift) & 63]).join('');
}

function fingerprintCode(bank: Bank, fingerprint = bank.fingerprint): string {
  const h = Number.parseInt(fingerprint, 16);
  return [30, 24, 18, 12, 6, 0].map((shift) => ALPHABET[(h >>> shift) & 63]).join('');
}

/** Serialises options and responses (rater-free: a state holds one rater's answers). */
export function encodeState(bank: Bank, config: Config, responses: readonly Response[]): string {
  const roleIndex = (id: string | undefined): number => (id === undefined ? 0 : bank.model.roles.findIndex((r) => r.id === id) + 1);
  let options = RATER_CODES[config.rater] + (config.mode === 'adaptive' ? 'a' : 'f');
  options += writeNumber(roleIndex(config.currentRole)) + writeNumber(roleIndex(config.targetRole)) + writeNumber(zigzag(config.seed));
  if (config.maxMinutesOverride !== undefined) options += `T${writeNumber(config.maxSeconds)}`;
  if (config.maxItemsOverride !== undefined) options += `N${writeNumber(config.maxItemsOverride)}`;
  if (config.raterId !== undefined) options += `I${writeNumber(config.raterId.length)}${config.raterId}`;
  let body = '';
  for (const r of responses) {
    const index = bank.itemIndex.get(r.item)!;
    if (r.notApplicable) {
      body += `!${writeNumber(index)}`;
      continue;
    }
    body += writeNumber(index);
    const item = bank.items[index]!;
    switch (item.params.kind) {
      case 'most-least':
        body += ALPHABET[r.most! * 8 + r.least!];
        break;
      case 'partial-credit': {
        const ratings = r.ratings!;
        for (let k = 0; k < ratings.length; k += 2) body += ALPHABET[(ratings[k]! - 1) * 5 + (k + 1 < ratings.length ? ratings[k + 1]! - 1 : 0)];
        break;
      }
      default:
        body += ALPHABET[r.choice!];
    }
  }
  const text = `p${STATE_VERSION}.${fingerprintCode(bank)}.${options}.${body}`;
  return `${text}.${checksum(text)}`;
}

export interface DecodedState {
  options: AssessmentOptions;
  responses: Response[];
}

/** Reads a saved state; throws StateError saying what is wrong with it. */
export function decodeState(bank: Bank, state: unknown): DecodedState {
  if (typeof state !== 'string' || !/^p\d+\./.test(state)) {
    throw new StateError('not-a-state', 'this is not a saved Pathway assessment (a saved state starts with "p1.")');
  }
  const version = Number.parseInt(state.slice(1), 10);
  if (version > STATE_VERSION) {
    throw new StateError('newer-version', `the saved assessment was written by a newer version of Pathway (state format ${version}; this version reads format ${STATE_VERSION})`);
  }
  const parts = state.split('.');
  const corrupted = (why: string): StateError => new StateError('corrupted', `the saved assessment is damaged (${why}); it cannot be resumed`);
  if (version !== STATE_VERSION || parts.length !== 5) throw corrupted('wrong number of parts');
  const [, fingerprint, options, body, sum] = parts as [string, string, string, string, string];
  if (checksum(parts.slice(0, 4).join('.')) !== sum) throw corrupted('checksum mismatch: it was truncated or changed');
  // States saved before content fingerprints (release 0.1.0) carry the ids-and-shapes fingerprint.
  if (fingerprint !== fingerprintCode(bank) && fingerprint !== fingerprintCode(bank, bank.legacyFingerprint)) {
    throw new StateError('other-model', `the saved assessment belongs to another model, or to another version of this one ("${bank.model.id}" ${bank.model.version} has fingerprint ${fingerprintCode(bank)}, the state ${fingerprint})`);
  }

  let text = options;
  let at = 0;
  const readChar = (): string => {
    if (at >= text.length) throw corrupted('it ends too early');
    return text[at++]!;
  };
  const readNumber = (): number => {
    let value = 0;
    let factor = 1;
    for (;;) {
      const digit = VALUE.get(readChar());
      if (digit === undefined) throw corrupted(`unexpected character at ${at}`);
      value += (digit & 31) * factor;
      factor *= 32;
      if (!(digit & 32)) return value;
      if (factor > 2 ** 45) throw corrupted('a number is too long');
    }
  };
  const rater = CODE_RATERS[readChar()];
  const modeCode = readChar();
  if (!rater || (modeCode !== 'a' && modeCode !== 'f')) throw corrupted('unknown rater or mode');
  const role = (n: number): string | undefined => {
    if (n === 0) return undefined;
    const r = bank.model.roles[n - 1];
    if (!r) throw corrupted('role out of range');
    return r.id;
  };
  const decoded: AssessmentOptions = { rater, mode: modeCode === 'a' ? 'adaptive' : 'fixed' };
  const current = role(readNumber());
  const target = role(readNumber());
  if (current !== undefined) decoded.currentRole = current;
  if (target !== undefined) decoded.targetRole = target;
  decoded.seed = unzigzag(readNumber());
  while (at < text.length) {
    const tag = readChar();
    if (tag === 'T') decoded.maxMinutes = readNumber() / 60;
    else if (tag === 'N') decoded.maxItems = readNumber();
    else if (tag === 'I') {
      const length = readNumber();
      decoded.raterId = text.slice(at, at + length);
      at += length;
      if (decoded.raterId.length !== length) throw corrupted('rater id cut short');
    } else throw corrupted(`unknown option "${tag}"`);
  }

  text = body;
  at = 0;
  const responses: Response[] = [];
  while (at < text.length) {
    const notApplicable = text[at] === '!';
    if (notApplicable) at++;
    const index = readNumber();
    const item = bank.items[index];
    if (!item) throw corrupted(`item ${index} is not in the model`);
    if (notApplicable) {
      responses.push({ item: item.id, notApplicable: true });
      continue;
    }
    const n = optionCount(item);
    const digit = (): number => {
      const v = VALUE.get(readChar());
      if (v === undefined) throw corrupted(`unexpected character at ${at}`);
      return v;
    };
    switch (item.params.kind) {
      case 'most-least': {
        const v = digit();
        responses.push({ item: item.id, most: v >> 3, least: v & 7 });
        break;
      }
      case 'partial-credit': {
        const ratings: number[] = [];
        while (ratings.length < n) {
          const v = digit();
          if (v >= 25) throw corrupted('rating out of range');
          ratings.push(Math.floor(v / 5) + 1);
          if (ratings.length < n) ratings.push((v % 5) + 1);
        }
        responses.push({ item: item.id, ratings });
        break;
      }
      default:
        responses.push({ item: item.id, choice: digit() });
    }
  }
  return { options: decoded, responses };
}
