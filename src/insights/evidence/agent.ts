/** The canonical key of an xAPI agent: the same string for every statement about the same person. */
import type { Agent } from '../../tracking/types.js';

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * `mbox:mailto:a@example.com`, `mbox_sha1sum:…`, `openid:…` or `account:<homePage>|<name>`; undefined
 * for anything that is not an agent with exactly one inverse functional identifier.
 */
export function agentKey(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const a = value as Record<string, unknown>;
  if (a.objectType !== undefined && a.objectType !== 'Agent') return undefined;
  const keys: string[] = [];
  if (isText(a.mbox)) keys.push(`mbox:${a.mbox.toLowerCase()}`);
  if (isText(a.mbox_sha1sum)) keys.push(`mbox_sha1sum:${a.mbox_sha1sum.toLowerCase()}`);
  if (isText(a.openid)) keys.push(`openid:${a.openid}`);
  const account = a.account as Record<string, unknown> | undefined;
  if (account && typeof account === 'object' && isText(account.homePage) && isText(account.name)) keys.push(`account:${account.homePage}|${account.name}`);
  return keys.length === 1 ? keys[0] : undefined;
}

/** The agent a key stands for (for queries and requests). */
export function agentOf(key: string): Agent {
  const at = key.indexOf(':');
  const kind = key.slice(0, at);
  const value = key.slice(at + 1);
  if (kind === 'account') {
    const bar = value.lastIndexOf('|');
    return { objectType: 'Agent', account: { homePage: value.slice(0, bar), name: value.slice(bar + 1) } };
  }
  if (kind === 'mbox' || kind === 'mbox_sha1sum' || kind === 'openid') return { objectType: 'Agent', [kind]: value };
  throw new RangeError(`"${key}" is not an agent key (mbox:…, mbox_sha1sum:…, openid:… or account:<homePage>|<name>)`);
}
