/** Stable identifiers for exported records: the same model always gives the same UUIDs. */

/** A UUID-shaped 128-bit hash of a name (version 8, "custom"), so re-exports diff cleanly. */
export function uuidFor(name: string): string {
  let h1 = 0x811c9dc5, h2 = 0x01000193, h3 = 0x9e3779b9, h4 = 0x85ebca6b;
  for (let i = 0; i < name.length; i++) {
    const k = name.charCodeAt(i);
    h1 = Math.imul(h1 ^ k, 0x01000193);
    h2 = Math.imul(h2 ^ k, 0x5bd1e995);
    h3 = Math.imul(h3 ^ k, 0x27d4eb2d);
    h4 = Math.imul(h4 ^ k, 0x165667b1);
  }
  for (const [a, b] of [[0, 1], [1, 2], [2, 3], [3, 0]] as const) {
    const hs = [h1, h2, h3, h4];
    hs[a] = Math.imul(hs[a]! ^ (hs[b]! >>> 15), 0x85ebca6b);
    [h1, h2, h3, h4] = hs as [number, number, number, number];
  }
  const hex = [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A local id (letters, digits, - and _) from any label, e.g. a CASE humanCodingScheme "1.2.a". */
export function localId(label: string): string {
  const id = label.trim().replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+|-+$/g, '').slice(0, 64);
  return id === '' ? 'x' : id;
}
