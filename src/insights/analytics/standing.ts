/**
 * Where each person stands on each competency today: their fused estimate, widened by its age, read
 * against their current and target role. Everything else in the analytics is built from these.
 *
 * Ageing: evidence loses precision with time. After one half-life its precision (1/sd²) has halved,
 * so sd grows by √2 per half-life. A probability of meeting a level is moved toward ½ accordingly
 * (its normal score shrinks by sd/sd_aged), which keeps the engine's own value when the evidence is new.
 * A re-assessment is due when a decision that was sure is no longer sure.
 */
import { normalCdf } from '../../planner/normal.js';
import { levelThreshold, scaleOf, thetaToDiscreteLevel, thetaToLevel } from '../../model/levels.js';
import type { Competency, Model, Role, Scale } from '../../model/types.js';
import type { CompetencyResult, RoleCheck, SelfOtherComparison } from '../../assessment/types.js';
import type { PersonProfile, SourceCounts } from '../types.js';
import type { Settings } from './settings.js';

/** How a requirement reads today: sure or not, met or not. */
export type Status = 'meets' | 'probably' | 'probably-not' | 'gap';

export interface Requirement {
  level: number;
  /** P(meets) with the evidence aged. */
  pMeets: number;
  status: Status;
  critical: boolean;
  weight: number;
}

export interface Cell {
  competency: string;
  /** The estimate on the θ scale and its standard deviation, widened by age. */
  theta: number;
  sd: number;
  /** Fused level (continuous position on the scale) and its 90% interval, widened by age. */
  level: number;
  interval: [number, number];
  /** The discrete level the estimate falls in. */
  band: number;
  current?: Requirement;
  target?: Requirement;
  /** A sure decision (current or target) that age made unsure. */
  reassessmentDue: boolean;
  /** Self-view against the other evidence, only when no rater group below its minimum is folded into the others. */
  selfOther?: SelfOtherComparison['flag'];
}

export interface Standing {
  id: string;
  name?: string;
  team: string;
  role?: string;
  targetRole?: string;
  manager?: string;
  sources: SourceCounts;
  assessedAt: string;
  ageDays: number;
  /** One per competency with evidence, in model order. */
  cells: Cell[];
  /** Probability of meeting every critical target requirement, and the weighted share of target requirements likely met. */
  readiness?: { role: string; pMeetsCritical: number; share: number; status: Status };
  /** The date from which some decision will no longer be sure (already past when due). */
  reassessBy?: string;
}

const DAY = 86_400_000;
/** The z of a 90% two-sided interval. */
const Z90 = 1.6448536269514722;

// Acklam's coefficients (made once: array literals in the function were built at every call).
const PROBIT_A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const PROBIT_B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const PROBIT_C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const PROBIT_D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** Inverse of the standard normal distribution (Acklam's rational approximation, |error| < 1.2e-9 after one Newton step). */
export function probit(p: number): number {
  if (p <= 0) return Number.NEGATIVE_INFINITY;
  if (p >= 1) return Number.POSITIVE_INFINITY;
  const a = PROBIT_A;
  const b = PROBIT_B;
  const c = PROBIT_C;
  const d = PROBIT_D;
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  const e = normalCdf(x) - p;
  return x - e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
}

/** sd after `ageDays`: precision halves every half-life. */
export function agedSd(sd: number, ageDays: number, halfLifeDays: number): number {
  return sd * Math.pow(2, Math.max(0, ageDays) / (2 * halfLifeDays));
}

export function statusOf(p: number, confidence: number): Status {
  if (p >= confidence) return 'meets';
  if (p <= 1 - confidence) return 'gap';
  return p >= 0.5 ? 'probably' : 'probably-not';
}

/** The model's facts the analytics read, indexed once. */
export interface ModelIndex {
  model: Model;
  competencies: Competency[];
  index: Map<string, number>;
  scales: Scale[];
  roles: Map<string, Role>;
  /** Requirements per role: competency index → requirement. */
  requirements: Map<string, Map<number, { level: number; critical: boolean; weight: number }>>;
}

export function indexModel(model: Model): ModelIndex {
  const competencies = model.competencies;
  const index = new Map(competencies.map((c, i) => [c.id, i]));
  const requirements = new Map(
    model.roles.map((role) => [role.id, new Map(role.requirements.map((r) => [index.get(r.competency)!, { level: r.level, critical: r.critical ?? false, weight: r.weight ?? 1 }]))]),
  );
  return { model, competencies, index, scales: competencies.map((c) => scaleOf(model, c)), roles: new Map(model.roles.map((r) => [r.id, r])), requirements };
}

/** P(θ ≥ the threshold of `level`) for a normal estimate. */
export function pAtLeast(ix: ModelIndex, c: number, level: number, theta: number, sd: number): number {
  const threshold = levelThreshold(ix.scales[c]!, level);
  if (threshold === Number.NEGATIVE_INFINITY) return 1;
  return normalCdf((theta - threshold) / sd);
}

/**
 * P(meets) aged: the engine's probability when it checked the same level, its normal score shrunk by
 * sd/sd_aged; otherwise the normal approximation of the aged estimate.
 */
function agedCheck(ix: ModelIndex, c: number, level: number, r: CompetencyResult, sd: number, engine: RoleCheck | undefined): { p: number; fresh: number; zFresh?: number } {
  if (engine && engine.requiredLevel === level) {
    const zFresh = probit(engine.pMeets);
    return { p: normalCdf(zFresh * (r.sd / sd)), fresh: engine.pMeets, zFresh };
  }
  return { p: pAtLeast(ix, c, level, r.theta, sd), fresh: pAtLeast(ix, c, level, r.theta, r.sd) };
}

/**
 * Days of ageing after which a decision of normal score `zFresh` (probit of its fresh probability)
 * stops being sure: |z|·sd/sd_aged falls to z_conf (`zc`, the probit of the confidence) when
 * 2^(age/2h) = |z|/z_conf.
 */
function daysUntilUnsure(zFresh: number, zc: number, halfLifeDays: number): number {
  const z = Math.abs(zFresh);
  return z <= zc ? 0 : 2 * halfLifeDays * Math.log2(z / zc);
}

export function standingOf(ix: ModelIndex, profile: PersonProfile, settings: Settings): Standing {
  const { person, results } = profile;
  const ageDays = Math.max(0, (Date.parse(settings.now) - Date.parse(profile.assessedAt)) / DAY);
  const role = person.role ?? results.currentRole;
  const targetRole = person.targetRole ?? results.targetRole ?? (role ? ix.roles.get(role)?.next : undefined);
  const currentReq = role ? ix.requirements.get(role) : undefined;
  const targetReq = targetRole ? ix.requirements.get(targetRole) : undefined;
  const byId = new Map(results.competencies.map((r) => [r.competency, r]));
  // A peer group below its minimum must not hide inside the "others" view: no self–other figure then.
  const peersFolded = profile.sources.peers > 0 && profile.sources.peers < settings.minRaterGroup;
  const cells: Cell[] = [];
  let firstUnsure = Number.POSITIVE_INFINITY;
  const zConfidence = probit(settings.confidence);
  ix.competencies.forEach((competency, c) => {
    const r = byId.get(competency.id);
    if (!r || r.responses === 0) return;
    const scale = ix.scales[c]!;
    const sd = agedSd(r.sd, ageDays, settings.halfLifeDays);
    let due = false;
    const requirement = (req: { level: number; critical: boolean; weight: number } | undefined, engine: RoleCheck | undefined): Requirement | undefined => {
      if (!req) return undefined;
      const { p, fresh, zFresh } = agedCheck(ix, c, req.level, r, sd, engine);
      const wasSure = fresh >= settings.confidence || fresh <= 1 - settings.confidence;
      if (wasSure) {
        firstUnsure = Math.min(firstUnsure, daysUntilUnsure(zFresh ?? probit(fresh), zConfidence, settings.halfLifeDays));
        if (!(p >= settings.confidence || p <= 1 - settings.confidence)) due = true;
      }
      return { level: req.level, pMeets: p, status: statusOf(p, settings.confidence), critical: req.critical, weight: req.weight };
    };
    const current = requirement(currentReq?.get(c), r.current?.role === role ? r.current : undefined);
    const target = requirement(targetReq?.get(c), r.target?.role === targetRole ? r.target : undefined);
    cells.push({
      competency: competency.id,
      theta: r.theta,
      sd,
      level: thetaToLevel(scale, r.theta),
      interval: [thetaToLevel(scale, r.theta - Z90 * sd), thetaToLevel(scale, r.theta + Z90 * sd)],
      band: thetaToDiscreteLevel(scale, r.theta),
      ...(current ? { current } : {}),
      ...(target ? { target } : {}),
      reassessmentDue: due,
      ...(r.selfOther && !peersFolded ? { selfOther: r.selfOther.flag } : {}),
    });
  });
  let readiness: Standing['readiness'];
  if (targetRole && targetReq) {
    // Without critical requirements, readiness is every requirement met.
    const anyCritical = [...targetReq.values()].some((req) => req.critical);
    let pCritical = 1;
    let met = 0;
    let total = 0;
    for (const [c, req] of targetReq) {
      const cell = cells.find((x) => x.competency === ix.competencies[c]!.id);
      const p = cell?.target?.pMeets ?? 0;
      if (req.critical || !anyCritical) pCritical *= p;
      total += req.weight;
      met += req.weight * p;
    }
    readiness = { role: targetRole, pMeetsCritical: pCritical, share: total > 0 ? met / total : 0, status: statusOf(pCritical, settings.confidence) };
  }
  const reassessBy = Number.isFinite(firstUnsure) ? new Date(Date.parse(profile.assessedAt) + firstUnsure * DAY).toISOString() : undefined;
  return {
    id: person.id,
    ...(person.name ? { name: person.name } : {}),
    team: person.team ?? '',
    ...(role ? { role } : {}),
    ...(targetRole ? { targetRole } : {}),
    ...(person.manager ? { manager: person.manager } : {}),
    sources: { self: profile.sources.self, managers: profile.sources.managers, peers: profile.sources.peers },
    assessedAt: profile.assessedAt,
    ageDays,
    cells,
    ...(readiness ? { readiness } : {}),
    ...(reassessBy ? { reassessBy } : {}),
  };
}
