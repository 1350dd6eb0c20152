/**
 * One person's fused profile, for the learner's own view: their statements from the LRS (the
 * statements resource filtered by agent) or from statements the page already has, fused by the
 * evidence reader. Nothing here needs a database; it runs in the browser.
 */
import { agentKey } from '../evidence/agent.js';
import { EvidenceCollector } from '../evidence/collect.js';
import type { Model } from '../../model/types.js';
import type { RaterResponses } from '../../assessment/session.js';
import type { Agent } from '../../tracking/types.js';
import type { PersonProfile, SkipCounts } from '../types.js';
import { LrsStatementReader, type LrsSource } from './reader.js';

export interface PersonEvidenceInput {
  lrs?: LrsSource | undefined;
  statements?: readonly unknown[] | undefined;
  signal?: AbortSignal;
  /** Answers given on this page that may not have reached the statements yet (they count as one more rater). */
  own?: RaterResponses | undefined;
}

/** `person` undefined: the one person the statements are about (none when they are about several). */
export async function fusedProfileOf(model: Model, person: Agent | undefined, input: PersonEvidenceInput): Promise<{ profile: PersonProfile | undefined; skipped: SkipCounts }> {
  const collector = new EvidenceCollector(model);
  if (input.statements) collector.addAll(input.statements);
  if (input.lrs && person) {
    const reader = new LrsStatementReader(input.lrs);
    // related_agents: ratings from a cmi5 package have the rater as actor and name the person as their team.
    for await (const page of reader.pages({}, { agent: person, relatedAgents: true }, input.signal)) collector.addAll(page.statements);
  }
  const found = collector.profiles().profiles;
  const key = person ? agentKey(person) : found.length === 1 ? found[0]!.person.id : undefined;
  if (!key) return { profile: undefined, skipped: collector.profiles().skipped };
  // The page's own answers replace the same rater's statements (they are the same answers, or newer).
  const own = input.own && { ...input.own, raterId: input.own.rater === 'self' ? key : input.own.raterId };
  const { profiles, skipped } = collector.profiles(own ? { extra: { person: key, raters: [own] } } : {});
  return { profile: profiles.find((p) => p.person.id === key), skipped };
}
