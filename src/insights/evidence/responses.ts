/** The inverse of `responseText` (src/tracking/statements.ts): an answered statement's response back into the engine's form. */
import type { Response } from '../../assessment/types.js';
import type { Item } from '../../model/types.js';

const INDEX = /^(o|f|r)(\d{1,3})$/;

function index(text: string | undefined, prefix: string): number | undefined {
  const m = text === undefined ? null : INDEX.exec(text);
  return m && m[1] === prefix ? Number(m[2]) : undefined;
}

/** The response to `item` given as `text`; undefined when the text is not in the item's format. */
export function parseResponse(item: Item, text: string, notApplicable: boolean): Response | undefined {
  const itemId = item.id;
  if (notApplicable) return text === '' ? { item: itemId, notApplicable: true } : undefined;
  if (item.type === 'situational' && item.format === 'most-least') {
    const m = /^most\[\.\](o\d{1,3})\[,\]least\[\.\](o\d{1,3})$/.exec(text);
    const most = index(m?.[1], 'o');
    const least = index(m?.[2], 'o');
    return most === undefined || least === undefined ? undefined : { item: itemId, most, least };
  }
  if (item.type === 'situational' && item.format === 'rate-each') {
    const ratings: number[] = [];
    for (const [k, part] of text.split('[,]').entries()) {
      const m = /^o(\d{1,3})\[\.\]rating([1-5])$/.exec(part);
      if (!m || Number(m[1]) !== k) return undefined;
      ratings.push(Number(m[2]));
    }
    return { item: itemId, ratings };
  }
  const choice = index(text, item.type === 'frequency' ? 'f' : item.type === 'evidence' ? 'r' : 'o');
  return choice === undefined ? undefined : { item: itemId, choice };
}
