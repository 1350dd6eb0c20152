/**
 * Checks that need the whole model: duplicate and unknown ids, levels outside the scale, prerequisite
 * cycles, items that cannot be scored, and coverage warnings (required competencies no item assesses,
 * requirements no module can close). Runs only on a model whose shape is valid.
 */
import { closest, SUGGESTION_BUDGET, type SuggestionBudget } from './suggest.js';
import { textLanguages } from './text.js';
import { walkTexts } from './languages.js';
import type { Problem, ProblemDetail, ProblemKind, ReferenceNoun } from './problems.js';
import type { Competency, Item, Model, Scale, Text } from './types.js';

/** A message, or a message with its detail for other languages. */
type Said = string | { message: string; detail: ProblemDetail };
type Push = (kind: ProblemKind, path: string, said: Said, severity?: 'error' | 'warning') => void;

function levelsOf(scale: Scale): number[] {
  return scale.levels.map((l) => l.level);
}

function listLevels(scale: Scale): string {
  return levelsOf(scale).join(', ');
}

function checkScale(scale: Scale, path: string, push: Push): void {
  for (let i = 1; i < scale.levels.length; i++) {
    const previous = scale.levels[i - 1]!.level;
    const current = scale.levels[i]!.level;
    if (current <= previous) {
      push('level', `${path}.levels[${i}].level`, `expected levels in ascending order without repeats, but ${current} follows ${previous}`);
    }
  }
}

/** Index of ids in one collection; reports duplicates. */
function indexIds<T extends { id: string }>(list: readonly T[], collection: string, noun: ReferenceNoun, push: Push): Map<string, number> {
  const seen = new Map<string, number>();
  list.forEach((entry, i) => {
    const first = seen.get(entry.id);
    const at = `${collection}[${first}]`;
    if (first !== undefined) push('duplicate', `${collection}[${i}].id`, { message: `duplicate ${noun} id "${entry.id}" (first used at ${at})`, detail: { code: 'duplicate-id', noun, id: entry.id, first: at } });
    else seen.set(entry.id, i);
  });
  return seen;
}

/** The suggestion work left in the current validation (reset by each `checkReferences`). */
let budget: SuggestionBudget = { cells: SUGGESTION_BUDGET };

function unknown(noun: ReferenceNoun, id: string, known: Map<string, number>): Said {
  const suggestion = closest(id, known.keys(), budget);
  return {
    message: `refers to unknown ${noun} "${id}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
    detail: { code: 'unknown-reference', noun, id, ...(suggestion ? { suggestion } : {}) },
  };
}

function distinct(values: readonly number[]): number {
  return new Set(values).size;
}

/** Category count of an item whose responses are ordered categories (for `irt.b`). */
function categoryCount(item: Item, model: Model): number | undefined {
  switch (item.type) {
    case 'frequency':
      return (model.frequencyScale ?? [0, 0, 0, 0, 0]).length;
    case 'anchored':
      return distinct(item.options.map((o) => o.level));
    case 'evidence':
      return distinct(item.rubric.map((r) => r.level));
    case 'situational':
      return undefined; // scoring depends on the format; the engine checks `b` itself
    case 'forced-choice':
      return 2;
  }
}

export function checkReferences(model: Model): Problem[] {
  budget = { cells: SUGGESTION_BUDGET };
  const problems: Problem[] = [];
  const push: Push = (kind, path, said, severity = 'error') =>
    problems.push(typeof said === 'string' ? { severity, kind, path, message: said } : { severity, kind, path, message: said.message, detail: said.detail });

  checkScale(model.scale, 'scale', push);

  const groups = indexIds(model.groups ?? [], 'groups', 'group', push);
  const competencies = indexIds(model.competencies, 'competencies', 'competency', push);
  const roles = indexIds(model.roles, 'roles', 'role', push);
  indexIds(model.items, 'items', 'item', push);
  const modules = indexIds(model.modules, 'modules', 'module', push);

  const competencyById = new Map<string, Competency>();
  for (const c of model.competencies) if (!competencyById.has(c.id)) competencyById.set(c.id, c);
  const scaleOfId = (id: string): Scale | undefined => {
    const c = competencyById.get(id);
    return c ? (c.scale ?? model.scale) : undefined;
  };
  const checkLevel = (competencyId: string, level: number, path: string): void => {
    const scale = scaleOfId(competencyId);
    if (scale && !levelsOf(scale).includes(level)) {
      push('level', path, `level ${level} is not on the scale of "${competencyId}" (expected one of ${listLevels(scale)})`);
    }
  };
  const checkCompetency = (id: string, path: string): boolean => {
    if (competencies.has(id)) return true;
    push('reference', path, unknown('competency', id, competencies));
    return false;
  };

  // Competencies
  model.competencies.forEach((c, ci) => {
    const at = `competencies[${ci}]`;
    if (c.group !== undefined && !groups.has(c.group)) push('reference', `${at}.group`, unknown('group', c.group, groups));
    if (c.scale) checkScale(c.scale, `${at}.scale`, push);
    const scale = c.scale ?? model.scale;
    const covered = new Set<number>();
    c.indicators.forEach((indicator, ii) => {
      covered.add(indicator.level);
      if (!levelsOf(scale).includes(indicator.level)) {
        push('level', `${at}.indicators[${ii}].level`, `level ${indicator.level} is not on the scale (expected one of ${listLevels(scale)})`);
      }
    });
    const missing = levelsOf(scale).filter((l) => !covered.has(l));
    if (missing.length > 0) {
      push('coverage', `${at}.indicators`, `no behavioural indicator for level${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: learners and raters will not see what those levels look like`, 'warning');
    }
    c.related?.forEach((r, ri) => {
      if (checkCompetency(r.competency, `${at}.related[${ri}].competency`) && r.competency === c.id) {
        push('reference', `${at}.related[${ri}].competency`, 'a competency cannot be related to itself');
      }
    });
  });

  // Roles
  model.roles.forEach((role, ri) => {
    const at = `roles[${ri}]`;
    if (role.next !== undefined) {
      if (!roles.has(role.next)) push('reference', `${at}.next`, unknown('role', role.next, roles));
      else if (role.next === role.id) push('reference', `${at}.next`, 'a role cannot lead to itself');
    }
    const seen = new Map<string, number>();
    role.requirements.forEach((req, qi) => {
      const path = `${at}.requirements[${qi}]`;
      const first = seen.get(req.competency);
      if (first !== undefined) push('duplicate', `${path}.competency`, `"${req.competency}" is already required at ${at}.requirements[${first}]`);
      else seen.set(req.competency, qi);
      if (checkCompetency(req.competency, `${path}.competency`)) checkLevel(req.competency, req.level, `${path}.level`);
    });
  });

  // Items
  model.items.forEach((item, ii) => {
    const at = `items[${ii}]`;
    const known = checkCompetency(item.competency, `${at}.competency`);
    switch (item.type) {
      case 'frequency':
        if (known) checkLevel(item.competency, item.level, `${at}.level`);
        break;
      case 'anchored':
        item.options.forEach((o, oi) => known && checkLevel(item.competency, o.level, `${at}.options[${oi}].level`));
        if (distinct(item.options.map((o) => o.level)) < 2) {
          push('scoring', `${at}.options`, 'cannot be scored: every option maps to the same level (expected options at two or more different levels)');
        }
        break;
      case 'evidence':
        item.rubric.forEach((r, ri) => known && checkLevel(item.competency, r.level, `${at}.rubric[${ri}].level`));
        if (distinct(item.rubric.map((r) => r.level)) < 2) {
          push('scoring', `${at}.rubric`, 'cannot be scored: every rubric entry has the same level (expected two or more different levels)');
        }
        break;
      case 'situational':
        if (distinct(item.options.map((o) => o.effectiveness)) < 2) {
          push('scoring', `${at}.options`, 'cannot be scored: every option has the same expert effectiveness (expected a key that tells options apart)');
        }
        if (item.format === 'most-least' && item.options.length < 3) {
          push('scoring', `${at}.options`, `cannot be scored as "most-least" with ${item.options.length} options (expected at least 3)`);
        }
        break;
      case 'forced-choice': {
        const [first, second] = item.options;
        const competencyOf = (o: { competency?: string | undefined }): string => o.competency ?? item.competency;
        item.options.forEach((o, oi) => {
          const cid = competencyOf(o);
          const path = `${at}.options[${oi}]`;
          if (o.competency === undefined || checkCompetency(o.competency, `${path}.competency`)) {
            if (competencies.has(cid)) checkLevel(cid, o.level, `${path}.level`);
          }
        });
        if (competencyOf(first) !== item.competency && competencyOf(second) !== item.competency) {
          push('scoring', `${at}.options`, `cannot be scored: neither option describes the item's competency "${item.competency}"`);
        } else if (competencyOf(first) === competencyOf(second) && first.level === second.level) {
          push('scoring', `${at}.options`, 'cannot be scored: both options describe the same competency at the same level (expected two different competencies, or two levels)');
        }
        break;
      }
    }
    const categories = categoryCount(item, model);
    const b = item.irt?.b;
    if (b) {
      if (categories !== undefined && b.length !== categories - 1) {
        push('scoring', `${at}.irt.b`, `expected ${categories - 1} threshold${categories - 1 === 1 ? '' : 's'} for ${categories} response categories, got ${b.length}`);
      }
      for (let k = 1; k < b.length; k++) {
        if (b[k]! <= b[k - 1]!) {
          push('scoring', `${at}.irt.b[${k}]`, `expected thresholds in ascending order, but ${b[k]} follows ${b[k - 1]}`);
          break;
        }
      }
    }
  });

  // Modules
  model.modules.forEach((m, mi) => {
    const at = `modules[${mi}]`;
    m.develops.forEach((d, di) => {
      const path = `${at}.develops[${di}]`;
      if (!checkCompetency(d.competency, `${path}.competency`)) return;
      checkLevel(d.competency, d.to, `${path}.to`);
      if (d.from !== undefined) {
        checkLevel(d.competency, d.from, `${path}.from`);
        if (d.from >= d.to) push('level', `${path}.from`, `expected "from" below "to", got from ${d.from} to ${d.to}`);
      }
    });
    m.prerequisites?.forEach((p, pi) => {
      if (!modules.has(p)) push('reference', `${at}.prerequisites[${pi}]`, unknown('module', p, modules));
      else if (p === m.id) push('cycle', `${at}.prerequisites[${pi}]`, 'a module cannot be its own prerequisite');
    });
    if (m.revisits !== undefined) {
      if (!modules.has(m.revisits)) push('reference', `${at}.revisits`, unknown('module', m.revisits, modules));
      else if (m.revisits === m.id) push('reference', `${at}.revisits`, 'a module cannot revisit itself');
    }
  });
  checkCycles(model, modules, push);

  // Settings
  const a = model.assessment;
  if (a?.minItemsPerCompetency !== undefined && a.maxItemsPerCompetency !== undefined && a.minItemsPerCompetency > a.maxItemsPerCompetency) {
    push('setting', 'assessment.minItemsPerCompetency', `expected at most maxItemsPerCompetency (${a.maxItemsPerCompetency}), got ${a.minItemsPerCompetency}`);
  }
  const blend = model.planning?.blend;
  if (blend) {
    const sum = blend.experiential + blend.social + blend.formal;
    if (Math.abs(sum - 1) > 0.01) push('setting', 'planning.blend', `expected shares that add up to 1, got ${Number(sum.toFixed(3))}`);
  }
  checkDelivery(model, push);
  if (model.languages && !model.languages.includes(model.language)) {
    push('setting', 'languages', `expected the default language "${model.language}" to be listed`);
  }

  checkCoverage(model, push);
  checkTranslations(model, push);
  return problems;
}

/**
 * Prerequisite cycles, each reported once at the module where it is first found. A depth-first search
 * with an explicit stack: a chain of thousands of prerequisites must not overflow the call stack.
 */
function checkCycles(model: Model, modules: Map<string, number>, push: Push): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const byId = new Map(model.modules.map((m) => [m.id, m]));
  const prerequisitesOf = (id: string): string[] => (byId.get(id)?.prerequisites ?? []).filter((p) => modules.has(p) && p !== id);
  for (const m of model.modules) {
    if (state.has(m.id)) continue;
    // Each frame: a module on the current path, its prerequisites and the index of the next one to follow.
    const path: string[] = [m.id];
    const lists: string[][] = [prerequisitesOf(m.id)];
    const next: number[] = [0];
    state.set(m.id, 'visiting');
    while (path.length > 0) {
      const id = path[path.length - 1]!;
      const prerequisites = lists[lists.length - 1]!;
      const i = next[next.length - 1]!;
      if (i >= prerequisites.length) {
        state.set(id, 'done');
        path.pop();
        lists.pop();
        next.pop();
        continue;
      }
      next[next.length - 1] = i + 1;
      const p = prerequisites[i]!;
      if (state.get(p) === 'visiting') {
        const cycle = path.slice(path.lastIndexOf(p));
        const key = [...cycle].sort().join(' ');
        if (!reported.has(key)) {
          reported.add(key);
          push('cycle', `modules[${modules.get(p)!}].prerequisites`, `prerequisite cycle: ${[...cycle, p].map((x) => `"${x}"`).join(' → ')}`);
        }
      } else if (!state.has(p)) {
        state.set(p, 'visiting');
        path.push(p);
        lists.push(prerequisitesOf(p));
        next.push(0);
      }
    }
  }
}

function checkCoverage(model: Model, push: Push): void {
  const assessed = new Set(model.items.map((i) => i.competency));
  // Highest level any module brings each competency to.
  const reachable = new Map<string, number>();
  for (const m of model.modules) {
    for (const d of m.develops) reachable.set(d.competency, Math.max(reachable.get(d.competency) ?? Number.NEGATIVE_INFINITY, d.to));
  }
  const competencyIndex = new Map(model.competencies.map((c, i) => [c.id, i]));
  const notAssessed = new Map<string, string[]>();
  const notClosable = new Map<string, { level: number; roles: string[] }>();
  for (const role of model.roles) {
    for (const req of role.requirements) {
      if (!competencyIndex.has(req.competency)) continue;
      if (!assessed.has(req.competency)) notAssessed.set(req.competency, [...(notAssessed.get(req.competency) ?? []), role.id]);
      const lowest = (model.competencies[competencyIndex.get(req.competency)!]!.scale ?? model.scale).levels[0]!.level;
      if (req.level > lowest && (reachable.get(req.competency) ?? Number.NEGATIVE_INFINITY) < req.level) {
        const entry = notClosable.get(req.competency) ?? { level: req.level, roles: [] };
        entry.level = Math.max(entry.level, req.level);
        entry.roles.push(role.id);
        notClosable.set(req.competency, entry);
      }
    }
  }
  for (const [cid, roleIds] of notAssessed) {
    push('coverage', `competencies[${competencyIndex.get(cid)}]`, `"${cid}" is required by ${quoteList(roleIds, 'role')} but no item assesses it`, 'warning');
  }
  for (const [cid, { level, roles }] of notClosable) {
    const top = reachable.get(cid);
    push(
      'coverage',
      `competencies[${competencyIndex.get(cid)}]`,
      `no module develops "${cid}" up to level ${level} (required by ${quoteList(roles, 'role')}); ${top === undefined ? 'no module develops it at all' : `modules reach level ${top}`}`,
      'warning',
    );
  }
}

function quoteList(ids: readonly string[], noun: string): string {
  const unique = [...new Set(ids)];
  return `${noun}${unique.length > 1 ? 's' : ''} ${unique.map((id) => `"${id}"`).join(', ')}`;
}

/** One warning per language some texts are written in but others lack, declared or not. */
function checkTranslations(model: Model, push: Push): void {
  const declared = model.languages ?? [];
  // A language that only some texts have: validate would otherwise call a half-French model "in en".
  const counts = new Map<string, number>();
  let texts = 0;
  walkTexts(model, (value) => {
    texts++;
    for (const lang of textLanguages(value as Text, model.language)) counts.set(lang, (counts.get(lang) ?? 0) + 1);
  });
  for (const [lang, count] of counts) {
    if (count < texts && !declared.includes(lang) && lang !== model.language) {
      push('style', '', `${count} of ${texts} texts have a "${lang}" version, but the others do not and "languages" does not list it: learners choosing "${lang}" would see a mix of languages; translate the rest or remove those versions`, 'warning');
    }
  }
  const languages = declared;
  if (languages.length <= 1) return;
  const missing = new Map<string, string[]>();
  const visit = (value: unknown, path: string, isText: boolean): void => {
    if (isText) {
      const available = textLanguages(value as Text, model.language);
      for (const lang of languages) if (!available.includes(lang)) missing.set(lang, [...(missing.get(lang) ?? []), path]);
    }
  };
  walkTexts(model, visit);
  for (const [lang, paths] of missing) {
    const shown = paths.slice(0, 3).join(', ');
    push('style', '', `${paths.length} text${paths.length > 1 ? 's lack' : ' lacks'} a "${lang}" translation (e.g. ${shown}); the default language is shown instead`, 'warning');
  }
}

/** Candidate delivery (docs/cmi5.md, "Candidate packages"): settings that contradict it are errors, not surprises in the LMS. */
function checkDelivery(model: Model, push: Push): void {
  const d = model.delivery;
  if (!d) return;
  if (d.mode !== 'candidate') {
    if (d.candidateEndpoint !== undefined) push('setting', 'delivery.candidateEndpoint', 'is used only in candidate mode: set delivery.mode to "candidate" or remove it');
    return;
  }
  if (d.candidateEndpoint !== undefined) {
    const host = /^http:\/\/(\[[^\]]+\]|[^/:]+)/.exec(d.candidateEndpoint)?.[1];
    if (host !== undefined && !['localhost', '127.0.0.1', '[::1]'].includes(host.toLowerCase()))
      push('setting', 'delivery.candidateEndpoint', `expected https:// (a candidate's answers must not travel unencrypted), got "${d.candidateEndpoint}"; http:// is for a collector on this machine only`);
  }
  // A candidate package sends no statement to the LMS, so a cmi5 AU can only be satisfied by "NotApplicable".
  if (d.moveOn !== undefined && d.moveOn !== 'NotApplicable')
    push('setting', 'delivery.moveOn', `expected "NotApplicable" or nothing in candidate mode (a candidate package sends the LMS no statement that could satisfy "${d.moveOn}")`);
  if (d.masteryScore !== undefined) push('setting', 'delivery.masteryScore', 'is not used in candidate mode: a candidate package reports completion only, never a score, pass or fail', 'warning');
  if (d.auPerRole) push('setting', 'delivery.auPerRole', 'is not used in candidate mode: the candidate chooses the role applied for', 'warning');
}
