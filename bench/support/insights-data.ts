// Statements for the insights benchmarks: simulated people rated by themselves, a manager and three
// peers (test/support/insights-population.ts: the engine and the real statement builders). Larger
// sets are copies of a generated base with every person, rater, registration and statement id renamed
// per copy, so that 1,000,000 statements do not take 7 minutes to simulate.
import { createWriteStream } from 'node:fs';
import type { Model } from '../../src/model/types.js';
import type { Agent, Statement } from '../../src/tracking/types.js';
import { population, statementsOf } from '../../test/support/insights-population.js';

export function baseStatements(model: Model, count: number, seed = 17): Statement[] {
  const out: Statement[] = [];
  let first = 0;
  while (out.length < count) {
    const people = [...population(model, { people: 20, peers: 3, seed: seed + first, mode: 'fixed', firstPerson: first, start: new Date(Date.parse('2026-01-05T08:00:00.000Z') + first * 3_600_000).toISOString() })];
    out.push(...statementsOf(people));
    first += 20;
  }
  return out.slice(0, count).map((s, i) => ({ ...s, stored: new Date(Date.parse('2026-01-05T08:00:00.000Z') + i).toISOString() }) as Statement);
}

const renameAgent = (a: Agent | undefined, k: number): Agent | undefined => (a?.account ? { ...a, account: { ...a.account, name: `c${k}-${a.account.name}` } } : a);
const renameId = (id: string, k: number): string => `${k.toString(16).padStart(2, '0')}${id.slice(2)}`;

/** Copy `k` of a statement: another person, other raters, another attempt, another id. */
export function copyOf(s: Statement, k: number): Statement {
  if (k === 0) return s;
  const ctx = s.context!;
  return {
    ...s,
    id: renameId(s.id, k),
    actor: renameAgent(s.actor as Agent, k)!,
    context: {
      ...ctx,
      registration: renameId(ctx.registration!, k),
      ...(ctx.contextAgents ? { contextAgents: ctx.contextAgents.map((c) => ({ ...c, agent: renameAgent(c.agent, k)! })) } : {}),
    },
    ...((s as { stored?: string }).stored ? { stored: new Date(Date.parse((s as unknown as { stored: string }).stored) + k * 100_000_000).toISOString() } : {}),
  } as Statement;
}

/** Writes `copies` copies of `base` as NDJSON. */
export async function writeNdjson(path: string, base: readonly Statement[], copies: number): Promise<void> {
  const stream = createWriteStream(path);
  for (let k = 0; k < copies; k++) {
    let chunk = '';
    for (const s of base) {
      chunk += `${JSON.stringify(copyOf(s, k))}\n`;
      if (chunk.length > 1 << 20) {
        if (!stream.write(chunk)) await new Promise<void>((r) => stream.once('drain', () => r()));
        chunk = '';
      }
    }
    stream.write(chunk);
  }
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
