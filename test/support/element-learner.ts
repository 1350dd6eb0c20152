/**
 * Browser-test helpers that act as a learner on <pathway-assessment> (by clicking, as a pointer user
 * does; the keyboard-only path is tested in components/assessment/assessment.test.ts), and one that
 * reads back everything a page stored in IndexedDB (to prove what is, or is not, there).
 */
import { waitUntil } from '@open-wc/testing';
import { openDB } from 'idb';
import type { PathwayAssessment } from '../../components/assessment/assessment.component.js';

/**
 * Forgets the progress every standalone page saved on this origin. Test files share the origin, so a
 * finished run of the same model in another file would otherwise reopen on its results.
 */
export function forgetSavedProgress(): Promise<void> {
  return new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase('pathway');
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/** Answers the shown item: a different option in each radio group, a note for evidence, then Next. */
export async function answerShownItem(el: PathwayAssessment): Promise<void> {
  const root = el.shadowRoot!;
  const textarea = root.querySelector<HTMLTextAreaElement>('form.item textarea');
  if (textarea) {
    textarea.value = 'Ran the retrospective for my team: https://wiki.example/retro';
    textarea.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await el.updateComplete;
  }
  for (const [k, radios] of radioGroups(root).entries()) {
    radios[(k + 1) % radios.length]!.click();
    await el.updateComplete;
  }
  const before = el.state;
  root.querySelector<HTMLButtonElement>('form.item button.primary')!.click();
  await waitUntil(() => el.state !== before, 'the answer was accepted', { timeout: 3000 });
}

/** The shown item's radio groups (radios sharing a name), in page order. */
export function radioGroups(root: ShadowRoot): HTMLInputElement[][] {
  const groups = new Map<string, HTMLInputElement[]>();
  for (const radio of root.querySelectorAll<HTMLInputElement>('form.item input[type="radio"]')) groups.set(radio.name, [...(groups.get(radio.name) ?? []), radio]);
  return [...groups.values()];
}

/** Answers every item from the one shown until the results appear; returns how many were answered. */
export async function answerUntilResults(el: PathwayAssessment): Promise<number> {
  const root = el.shadowRoot!;
  let answered = 0;
  for (let guard = 0; guard < 100; guard++) {
    await waitUntil(() => root.querySelector('form.item, section.results'), 'an item or the results', { timeout: 10_000 });
    if (!root.querySelector('form.item')) break;
    await answerShownItem(el);
    answered++;
  }
  await waitUntil(() => root.querySelector('section.results'), 'the results', { timeout: 10_000 });
  return answered;
}

/** Every record of every IndexedDB database of this origin, as JSON text. */
export async function indexedDbText(): Promise<string> {
  const dumps: unknown[] = [];
  for (const info of await indexedDB.databases()) {
    const db = await openDB(info.name!);
    for (const store of db.objectStoreNames) dumps.push(await db.getAll(store));
    db.close();
  }
  return JSON.stringify(dumps);
}
