/**
 * UI chrome localisation with @lit/localize (runtime mode, explicit message ids, one module per
 * language loaded lazily). Model content is localised separately, from the model's language maps.
 *
 * @lit/localize keeps one active locale per page, so every Pathway element on a page shows its chrome
 * in one language: the last one an element asked for. Configuration happens on first use, not on
 * import; when the host page configured @lit/localize itself, Pathway uses the host's locale.
 */
import { configureLocalization } from '@lit/localize';
import { loadLocaleMessages } from './lazy-parts.js';

export const SOURCE_LOCALE = 'en';
export const UI_LOCALES = ['en', 'de', 'fr'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

let localization: ReturnType<typeof configureLocalization> | null | undefined;

function configured(): ReturnType<typeof configureLocalization> | null {
  if (localization === undefined) {
    try {
      localization = configureLocalization({
        sourceLocale: SOURCE_LOCALE,
        targetLocales: UI_LOCALES.filter((l) => l !== SOURCE_LOCALE),
        loadLocale: (locale) => loadLocaleMessages(locale === 'de' ? 'de' : 'fr'),
      });
    } catch {
      localization = null; // the host page owns @lit/localize
    }
  }
  return localization;
}

/** The UI language for a BCP 47 tag: its primary language when supported, else English. */
export function uiLocale(lang: string | undefined): UiLocale {
  const primary = (lang ?? '').toLowerCase().split('-')[0];
  return (UI_LOCALES as readonly string[]).includes(primary ?? '') ? (primary as UiLocale) : SOURCE_LOCALE;
}

/** Switches the chrome to the language; resolves when its messages are loaded. */
export async function useUiLocale(lang: string | undefined): Promise<void> {
  const control = configured();
  const wanted = uiLocale(lang);
  if (control && control.getLocale() !== wanted) await control.setLocale(wanted);
}

/** Chooses between singular and plural messages (Intl rules of the active UI language). */
export function plural(count: number, lang: string | undefined, one: () => string, other: () => string): string {
  return new Intl.PluralRules(uiLocale(lang)).select(count) === 'one' ? one() : other();
}
