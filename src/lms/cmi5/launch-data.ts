/**
 * The two documents a cmi5 AU reads before its first statement: `LMS.LaunchData` (State API, §10) and
 * the learner's `cmi5LearnerPreferences` (Agent Profile API, §11). Both come from the LMS, so both
 * are checked here; what the AU cannot work without is an error, what it can do without is a warning.
 */
import { isLanguageTag } from '../../model/patterns.js';
import type { Context } from '../../tracking/types.js';
import { Cmi5LaunchError } from './launch.js';
import { CMI5_EXTENSIONS, LAUNCH_MODES, type Cmi5LaunchMode, MOVE_ON, type MoveOn } from './vocabulary.js';

export interface Cmi5LaunchData {
  /** The context every statement starts from; its values are never overwritten (§10.2.1). */
  contextTemplate: Context;
  launchMode: Cmi5LaunchMode;
  /** The session id from the template's extensions (§9.6.3.1). */
  sessionId?: string;
  /** Pass mark (0–1) the LMS sets; passed/failed must follow it (§10.2.4). */
  masteryScore?: number;
  moveOn?: MoveOn;
  /** Where to send the window when the session ends (§10.2.6): only http(s) URLs are kept. */
  returnUrl?: string;
  /** The AU's launch parameters from the course structure, verbatim. */
  launchParameters?: string;
}

export interface ParsedLaunchData {
  data: Cmi5LaunchData;
  /** Things the LMS got wrong that the AU can live with. */
  warnings: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === 'object' && !Array.isArray(value);

/** Reads `LMS.LaunchData`; throws Cmi5LaunchError when it lacks what the AU needs. */
export function parseLaunchData(value: unknown, pageUrl?: string): ParsedLaunchData {
  if (!isObject(value)) throw new Cmi5LaunchError('The LMS’s launch data (LMS.LaunchData) is not a JSON object. Ask your LMS administrator to check the course.');
  const warnings: string[] = [];
  const template = value.contextTemplate;
  if (!isObject(template)) throw new Cmi5LaunchError('The LMS’s launch data has no context template (LMS.LaunchData.contextTemplate). Ask your LMS administrator to check the course.');
  const mode = value.launchMode;
  if (typeof mode !== 'string' || !(LAUNCH_MODES as readonly string[]).includes(mode)) {
    throw new Cmi5LaunchError(`The LMS’s launch data has an unknown launch mode ${JSON.stringify(mode)} (expected Normal, Browse or Review).`);
  }
  const contextTemplate = structuredClone(template) as Context;
  const data: Cmi5LaunchData = { contextTemplate, launchMode: mode as Cmi5LaunchMode };
  const sessionId = contextTemplate.extensions?.[CMI5_EXTENSIONS.sessionId];
  if (typeof sessionId === 'string' && sessionId) data.sessionId = sessionId;
  else warnings.push('The LMS’s context template has no session id; statements cannot name the LMS session.');

  if (value.masteryScore !== undefined) {
    const score = value.masteryScore;
    if (typeof score === 'number' && score >= 0 && score <= 1) data.masteryScore = score;
    else warnings.push(`The LMS’s mastery score ${JSON.stringify(score)} is not a number from 0 to 1; the package’s own pass mark is used.`);
  }
  if (typeof value.moveOn === 'string' && (MOVE_ON as readonly string[]).includes(value.moveOn)) data.moveOn = value.moveOn as MoveOn;
  if (typeof value.launchParameters === 'string' && value.launchParameters) data.launchParameters = value.launchParameters;
  if (value.returnURL !== undefined) {
    const url = typeof value.returnURL === 'string' ? safeUrl(value.returnURL, pageUrl) : undefined;
    if (url) data.returnUrl = url;
    else warnings.push('The LMS’s return address is not an http(s) URL, so the page stays open at the end.');
  }
  return { data, warnings };
}

/** An absolute http(s) URL, or undefined — never `javascript:` or `data:`, which would run in this page. */
function safeUrl(text: string, base: string | undefined): string | undefined {
  try {
    const url = base ? new URL(text, base) : new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export interface LearnerPreferences {
  /** Most preferred first (`languagePreference`, comma-separated RFC 5646 tags). */
  languages: string[];
  audio?: 'on' | 'off';
}

/** Reads `cmi5LearnerPreferences`; anything malformed counts as "no preference". */
export function parseLearnerPreferences(value: unknown): LearnerPreferences {
  if (!isObject(value)) return { languages: [] };
  const languages =
    typeof value.languagePreference === 'string'
      ? value.languagePreference
          .split(',')
          .map((t) => t.trim())
          .filter(isLanguageTag)
      : [];
  const prefs: LearnerPreferences = { languages };
  if (value.audioPreference === 'on' || value.audioPreference === 'off') prefs.audio = value.audioPreference;
  return prefs;
}

/**
 * The role a package with one AU per role sets in the AU's launch parameters (`{"role":"<id>"}`).
 * Undefined when there is none; a warning when it names no role of the model.
 */
export function launchRole(launchParameters: string | undefined, roles: readonly string[]): { role?: string; warning?: string } {
  if (!launchParameters) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(launchParameters);
  } catch {
    return {};
  }
  if (!isObject(parsed) || typeof parsed.role !== 'string') return {};
  if (!roles.includes(parsed.role)) return { warning: `The launch parameters name a role "${parsed.role}" this model does not have; the learner chooses the role.` };
  return { role: parsed.role };
}
