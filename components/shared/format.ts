/**
 * Numbers, percentages and durations written the way the reader's language writes them (Intl), so
 * that "1,7" and "19 h 30 min" read right in German and French, and every figure of a view uses one
 * rule (a pathway never mixes "90 minutes" with "4.5 hours").
 */

/** A level or other measure with one decimal: 1.7 (en), 1,7 (de, fr). */
export function formatDecimal(value: number, lang: string, digits = 1): string {
  return new Intl.NumberFormat(lang || 'en', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A probability or share (0–1) as a whole percentage: 60 %, 60 % (fr: "60 %"). */
export function formatPercent(share: number, lang: string): string {
  return new Intl.NumberFormat(lang || 'en', { style: 'percent', maximumFractionDigits: 0 }).format(share);
}

/** A duration in whole minutes, as hours and minutes: "45 min", "4 hr, 30 min" (en), "4 Std., 30 Min." (de). */
export function formatMinutes(total: number, lang: string): string {
  const minutes = Math.max(0, Math.round(total));
  const unit = (value: number, which: 'hour' | 'minute'): string => new Intl.NumberFormat(lang || 'en', { style: 'unit', unit: which, unitDisplay: 'short' }).format(value);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return unit(rest, 'minute');
  if (rest === 0) return unit(hours, 'hour');
  return new Intl.ListFormat(lang || 'en', { style: 'narrow', type: 'unit' }).format([unit(hours, 'hour'), unit(rest, 'minute')]);
}
