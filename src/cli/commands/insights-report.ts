/**
 * The seam for the team analytics (src/insights/analytics, built on another branch): until it is
 * merged, the report is the fused person × competency table and the skip counts only.
 */
import type { Model } from '../../model/types.js';
import type { Person, PersonProfile } from '../../insights/types.js';

export function renderAnalytics(_model: Model, _profiles: readonly PersonProfile[], _roster: readonly Person[] | undefined, _as: 'text' | 'json'): unknown {
  return undefined;
}
