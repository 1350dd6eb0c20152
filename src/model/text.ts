import type { Text } from './types.js';

/**
 * Resolves human text for a language: the exact tag, then its primary language ("de" for "de-CH"),
 * then the fallback (the model's default language), then any translation, so text is never blank.
 */
export function resolveText(value: Text | undefined, lang: string, fallback = 'en'): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  // Own keys only: a language such as "constructor" must not find Object.prototype's members.
  const own = (tag: string): string | undefined => (Object.hasOwn(value, tag) ? value[tag] : undefined);
  const exact = own(lang);
  if (exact !== undefined) return exact;
  const primary = lang.split('-')[0] ?? lang;
  const lower = primary.toLowerCase();
  for (const [tag, translated] of Object.entries(value)) {
    if (tag.toLowerCase() === lang.toLowerCase() || tag.split('-')[0]?.toLowerCase() === lower) return translated;
  }
  return own(fallback) ?? Object.values(value)[0] ?? '';
}

/** Languages a text is available in; a plain string counts as the model's default language. */
export function textLanguages(value: Text, defaultLanguage: string): string[] {
  return typeof value === 'string' ? [defaultLanguage] : Object.keys(value);
}
