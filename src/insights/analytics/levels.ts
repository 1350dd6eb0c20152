/** Reading the report's estimates against levels, without the model (the element has only the report). */
import { normalCdf } from '../../planner/normal.js';
import type { Cell } from './standing.js';
import type { CompetencyInfo } from './types.js';

/** P(θ ≥ the threshold of `level`) for a person's aged estimate. */
export function pReaches(info: CompetencyInfo, cell: Pick<Cell, 'theta' | 'sd'>, level: number): number {
  const entry = info.levels.find((l) => l.level === level);
  if (!entry) throw new RangeError(`level ${level} is not on the scale of ${info.id}`);
  return entry.threshold === null ? 1 : normalCdf((cell.theta - entry.threshold) / cell.sd);
}

/** The next level up on the scale (the same level at the top). */
export function levelAbove(info: CompetencyInfo, level: number): number {
  const i = info.levels.findIndex((l) => l.level === level);
  return info.levels[Math.min(info.levels.length - 1, i + 1)]!.level;
}
