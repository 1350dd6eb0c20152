/**
 * The review step of alignment. Authors mark suggestions "accepted" or "rejected" (in the
 * suggestions file or the authoring page); a re-run keeps those decisions, like the commercial
 * taggers do, and never re-suggests what was rejected. Accepting merges the tags into the model:
 * a catalogue module already in the model gets the accepted competencies as its `develops`, a new one
 * becomes a module marked `extensions.align` for the author to complete.
 */
import type { Model, Module } from '../model/types.js';
import type { ModuleSuggestions, Suggestion, SuggestionsFile } from './align.js';
import { kindOf } from './catalogue.js';
import { localId } from './ids.js';

const decided = (s: Suggestion): boolean => s.decision === 'accepted' || s.decision === 'rejected';

/**
 * A fresh run with the author's earlier decisions kept: accepted and rejected suggestions stay as they
 * were (a rejected one is never auto-accepted again), and the tags of modules already in the model
 * count as accepted.
 */
export function keepDecisions(fresh: SuggestionsFile, previous: SuggestionsFile | undefined, model: Model): SuggestionsFile {
  const before = new Map((previous?.modules ?? []).map((m) => [m.id, m]));
  const inModel = new Map(model.modules.map((m) => [m.id, m]));
  const modules = fresh.modules.map((module): ModuleSuggestions => {
    const kept = new Map<string, Suggestion>();
    for (const s of before.get(module.id)?.suggestions ?? []) if (decided(s)) kept.set(s.competency, s);
    const align = (inModel.get(module.id)?.extensions?.['align'] ?? {}) as { rejected?: unknown };
    for (const competency of Array.isArray(align.rejected) ? align.rejected : []) {
      if (typeof competency === 'string' && !kept.has(competency)) kept.set(competency, { competency, score: 0, matched: [], decision: 'rejected' });
    }
    for (const d of inModel.get(module.id)?.develops ?? []) {
      if (!kept.has(d.competency)) kept.set(d.competency, { competency: d.competency, ...(d.from !== undefined ? { from: d.from } : {}), to: d.to, score: 1, matched: [], decision: 'accepted' });
    }
    // A kept decision shows this run's score, levels and matched words when the run suggests it again.
    for (const s of module.suggestions) {
      const decision = kept.get(s.competency)?.decision;
      if (decision) kept.set(s.competency, { ...s, decision });
    }
    const rest = module.suggestions.filter((s) => !kept.has(s.competency));
    // An auto-accept only stands when the author has not decided anything for this module.
    const anyAccepted = [...kept.values()].some((s) => s.decision === 'accepted');
    const suggestions = [...kept.values(), ...rest.map((s) => (anyAccepted && s.decision === 'auto' ? withoutDecision(s) : s))];
    return { ...module, suggestions };
  });
  return { ...fresh, modules };
}

function withoutDecision(s: Suggestion): Suggestion {
  const { decision: _d, ...rest } = s;
  return rest;
}

export interface AcceptResult {
  model: Model;
  /** Modules added to the model, and modules whose develops changed. */
  added: string[];
  updated: string[];
  /** Catalogue modules with nothing accepted (left out of the model). */
  undecided: string[];
}

/** Merges accepted (and auto-accepted) tags into the model. */
export function acceptSuggestions(model: Model, file: SuggestionsFile): AcceptResult {
  const modules = [...model.modules];
  const index = new Map(modules.map((m, i) => [m.id, i]));
  const added: string[] = [];
  const updated: string[] = [];
  const undecided: string[] = [];
  const scaleTop = (competency: string): number => {
    const comp = model.competencies.find((c) => c.id === competency);
    const levels = (comp?.scale ?? model.scale).levels;
    return levels[Math.min(levels.length - 1, Math.floor(levels.length / 2))]!.level;
  };
  for (const entry of file.modules) {
    const accepted = entry.suggestions.filter((s) => s.decision === 'accepted' || s.decision === 'auto');
    const rejected = new Set(entry.suggestions.filter((s) => s.decision === 'rejected').map((s) => s.competency));
    const known = model.competencies.some.bind(model.competencies);
    const develops = accepted
      .filter((s) => known((c) => c.id === s.competency))
      .map((s) => ({ competency: s.competency, ...(s.from !== undefined ? { from: s.from } : {}), to: s.to ?? scaleTop(s.competency) }));
    // Catalogue ids may hold spaces or dots; model ids may not (the original is kept in extensions).
    const id = localId(entry.id);
    const at = index.get(id);
    if (at !== undefined) {
      if (updated.includes(id) || added.includes(id)) continue;
      const current = modules[at]!;
      const merged = [...current.develops.filter((d) => !rejected.has(d.competency) && !develops.some((n) => n.competency === d.competency)), ...develops];
      if (merged.length > 0 && JSON.stringify(merged) !== JSON.stringify(current.develops)) {
        modules[at] = rememberRejected({ ...current, develops: merged }, rejected);
        updated.push(entry.id);
      }
      continue;
    }
    if (develops.length === 0) {
      undecided.push(entry.id);
      continue;
    }
    const module: Module = {
      id,
      kind: kindOf(entry.type),
      title: entry.title,
      minutes: entry.minutes ?? 60,
      develops,
      ...(entry.url ? { url: entry.url } : {}),
      why: `Develops ${develops.map((d) => d.competency).join(', ')}.`,
      what: entry.description || entry.title,
      how: entry.url ? 'Open the link and start with the first section.' : 'Find it in your learning platform and start with the first section.',
      extensions: { align: { status: 'review', ...(id !== entry.id ? { catalogueId: entry.id } : {}), ...(entry.minutes === undefined ? { minutes: 'not in the catalogue; 60 assumed' } : {}) } },
    };
    modules.push(rememberRejected(module, rejected));
    index.set(module.id, modules.length - 1);
    added.push(entry.id);
  }
  return { model: { ...model, modules }, added, updated, undecided };
}

/** Rejected tags stay with the module in the model, so a later run never suggests them again. */
function rememberRejected(module: Module, rejected: Set<string>): Module {
  if (rejected.size === 0) return module;
  const align = (module.extensions?.['align'] ?? {}) as Record<string, unknown>;
  return { ...module, extensions: { ...module.extensions, align: { ...align, rejected: [...rejected] } } };
}
