/**
 * Localised sentences for the planner's structured reasons (`Reason { code, params }`, listed in
 * docs/planner.md), module kinds and modalities.
 */
import { msg, str } from '@lit/localize';
import { resolveText } from '../../src/model/text.js';
import type { Modality, Model, ModuleKind } from '../../src/model/types.js';
import type { Reason } from '../../src/planner/types.js';
import { formatDecimal, formatPercent } from '../shared/format.js';

export interface ReasonContext {
  model: Model;
  lang: string;
}

export function kindLabel(kind: ModuleKind): string {
  switch (kind) {
    case 'course':
      return msg('Course', { id: 'kind.course' });
    case 'elearning':
      return msg('E-learning', { id: 'kind.elearning' });
    case 'workshop':
      return msg('Workshop', { id: 'kind.workshop' });
    case 'reading':
      return msg('Reading', { id: 'kind.reading' });
    case 'video':
      return msg('Video', { id: 'kind.video' });
    case 'practice':
      return msg('Practice', { id: 'kind.practice' });
    case 'on-the-job':
      return msg('On the job', { id: 'kind.onTheJob' });
    case 'project':
      return msg('Project', { id: 'kind.project' });
    case 'reflection':
      return msg('Reflection', { id: 'kind.reflection' });
    case 'coaching':
      return msg('Coaching', { id: 'kind.coaching' });
    case 'mentoring':
      return msg('Mentoring', { id: 'kind.mentoring' });
    case 'peer-learning':
      return msg('Peer learning', { id: 'kind.peerLearning' });
  }
}

export function modalityLabel(modality: Modality): string {
  switch (modality) {
    case 'experiential':
      return msg('Learning by doing', { id: 'modality.experiential' });
    case 'social':
      return msg('Learning with others', { id: 'modality.social' });
    case 'formal':
      return msg('Formal learning', { id: 'modality.formal' });
  }
}

/** Names of the things a reason refers to, in the learner's language. */
export function names(context: ReasonContext) {
  const t = (text: Parameters<typeof resolveText>[0]): string => resolveText(text, context.lang, context.model.language);
  return {
    competency: (id: unknown): string => t(context.model.competencies.find((c) => c.id === id)?.title ?? String(id)),
    role: (id: unknown): string => t(context.model.roles.find((r) => r.id === id)?.title ?? String(id)),
    module: (id: unknown): string => t(context.model.modules.find((m) => m.id === id)?.title ?? String(id)),
  };
}

const formats = (lang: string) => ({
  percent: (value: unknown): string => formatPercent(Number(value), lang),
  oneDecimal: (value: unknown): string => formatDecimal(Number(value), lang),
});

/** One sentence for a planner reason, addressed to the learner. */
export function reasonText(reason: Reason, context: ReasonContext): string {
  const p = reason.params;
  const name = names(context);
  const { percent, oneDecimal } = formats(context.lang);
  const competency = name.competency(p.competency);
  switch (reason.code) {
    case 'blind-spot':
      return msg(str`Your own view of ${competency} may be higher than the other evidence shows (by about ${oneDecimal(p.gap)} levels): a possible blind spot, so this comes first.`, { id: 'reason.blindSpot' });
    case 'awareness':
      return msg(str`It helps you see how you come across on ${competency}.`, { id: 'reason.awareness' });
    case 'closes-gap': {
      const role = name.role(p.role);
      if (p.decision === 'meets' || (p.decision === undefined && Number(p.pMeets) >= 0.8)) {
        return msg(str`${role} requires level ${p.requiredLevel} in ${competency}; you probably meet it (${percent(p.pMeets)} likely), and this step makes it surer.`, { id: 'reason.firmsUpGap' });
      }
      if (p.decision === 'unsure' || (p.decision === undefined && Number(p.pMeets) > 0.2)) {
        return msg(str`${role} requires level ${p.requiredLevel} in ${competency}; it is not yet sure whether you meet it (${percent(p.pMeets)} likely). This step closes about ${percent(p.share)} of the possible gap.`, { id: 'reason.closesUnsureGap' });
      }
      return p.critical
        ? msg(str`${role} requires level ${p.requiredLevel} in ${competency}, a critical requirement, and you probably do not meet it yet (${percent(p.pMeets)} likely). This step closes about ${percent(p.share)} of the gap.`, { id: 'reason.closesCriticalGap' })
        : msg(str`${role} requires level ${p.requiredLevel} in ${competency}, and you probably do not meet it yet (${percent(p.pMeets)} likely). This step closes about ${percent(p.share)} of the gap.`, { id: 'reason.closesGap' });
    }
    case 'not-yet-sure': {
      const role = name.role(p.role);
      if (p.evidence === 'manager') {
        return msg(str`${competency} (level ${p.requiredLevel} for ${role}): not yet sure (${percent(p.pMeets)} likely met). Your manager's view would settle it: ask them to rate you.`, { id: 'reason.settleManager' });
      }
      if (p.evidence === 'work-sample') {
        return msg(str`${competency} (level ${p.requiredLevel} for ${role}): not yet sure (${percent(p.pMeets)} likely met). A work sample would settle it: add evidence of something you did.`, { id: 'reason.settleWorkSample' });
      }
      return msg(str`${competency} (level ${p.requiredLevel} for ${role}): not yet sure (${percent(p.pMeets)} likely met). Take the assessment again after some practice to settle it.`, { id: 'reason.settleReassess' });
    }
    case 'evidence':
      return p.certainty === 'high'
        ? msg(str`Based on ${p.responses} answers about ${competency}; the estimate is fairly certain.`, { id: 'reason.evidenceHigh' })
        : p.certainty === 'moderate'
          ? msg(str`Based on ${p.responses} answers about ${competency}; the estimate is moderately certain.`, { id: 'reason.evidenceModerate' })
          : msg(str`Based on ${p.responses} answers about ${competency}; the estimate is still uncertain.`, { id: 'reason.evidenceLow' });
    case 'no-evidence':
      return msg(str`There is no evidence on ${competency} yet, so this assumes a typical level.`, { id: 'reason.noEvidence' });
    case 'prerequisite-for':
      return msg(str`It prepares you for "${name.module(p.module)}".`, { id: 'reason.prerequisiteFor' });
    case 'revisit':
      return msg(str`It revisits "${name.module(p.module)}" after ${p.afterDays} days, so the learning sticks.`, { id: 'reason.revisit' });
    case 'develops':
      return Number(p.expectedGain) > 0.05
        ? msg(str`Develops ${competency} toward level ${p.to}.`, { id: 'reason.develops' })
        : msg(str`Touches on ${competency} (up to level ${p.to}).`, { id: 'reason.developsLittle' });
    case 'do-after':
      return msg(str`Do it after "${name.module(p.module)}".`, { id: 'reason.doAfter' });
    case 'schedule-after':
      return msg(str`Plan it ${p.afterDays} days after "${name.module(p.module)}".`, { id: 'reason.scheduleAfter' });
    case 'zero-weight':
      return msg(str`${competency}: this pathway does not give weight to ${name.role(p.role)}.`, { id: 'reason.zeroWeight' });
    case 'no-module':
      return msg(str`${competency}: there is no development option for it yet. Ask your manager or L&D team.`, { id: 'reason.noModule' });
    case 'no-module-reaches':
      return msg(str`${competency}: the available options stop at level ${p.highestLevel}; level ${p.requiredLevel} needs more (ask your manager about stretch work).`, { id: 'reason.noModuleReaches' });
    case 'out-of-reach':
      return msg(str`${competency}: the available options start well above your current level; build the basics with your manager first.`, { id: 'reason.outOfReach' });
    case 'modules-completed':
      return msg(str`${competency}: you have completed every option for it; practise on the job and ask for feedback.`, { id: 'reason.modulesCompleted' });
    case 'budget':
      return msg(str`${competency}: did not fit in the time available (${p.budgetMinutes} minutes); steps with more impact came first.`, { id: 'reason.budget' });
    case 'zero-budget':
      return msg('No time is set aside for development, so nothing could be planned.', { id: 'reason.zeroBudget' });
    case 'unknown-role':
      return msg(str`The role "${p.role}" is not in this model.`, { id: 'reason.unknownRole' });
    case 'no-role':
      return msg('No role was chosen, so there is nothing to compare with.', { id: 'reason.noRole' });
    case 'same-role':
      return msg(str`Your current and target role are both ${name.role(p.role)}.`, { id: 'reason.sameRole' });
    case 'target-from-next':
      return msg(str`Aiming for ${name.role(p.role)}, the usual next step after ${name.role(p.from)}.`, { id: 'reason.targetFromNext' });
    case 'no-gaps':
      return msg('You probably meet every requirement: no gaps to close.', { id: 'reason.noGaps' });
    case 'no-awareness-module':
      return p.worked
        ? msg(str`${competency} may be a blind spot. There is no awareness step for it, so the steps on it come first; ask someone who sees your work for feedback too.`, { id: 'reason.noAwarenessModuleWorked' })
        : msg(str`${competency} may be a blind spot, but there is no awareness step for it: ask someone who sees your work for feedback.`, { id: 'reason.noAwarenessModule' });
    case 'awareness-over-budget':
      return msg(str`The awareness step for ${competency} takes ${p.minutes} minutes, more than the time available.`, { id: 'reason.awarenessOverBudget' });
    case 'done-outside-plan':
      return msg(str`"${name.module(p.module)}" was done outside this pathway and counts as completed.`, { id: 'reason.doneOutsidePlan' });
    case 'predicted-progress':
      return msg('Completed steps count as progress until your next assessment.', { id: 'reason.predictedProgress' });
    case 'new-evidence':
      return msg('Re-planned from your latest assessment; completed steps stay.', { id: 'reason.newEvidence' });
    default:
      // Model or version mismatches, unknown ids and similar are for administrators, not learners.
      return msg('Some data did not fit this model and was ignored.', { id: 'reason.dataIgnored' });
  }
}

/** The reasons worth showing in what and how (the rest is the step's title, badges and texts). */
export const SHOWN_REASONS = {
  what: new Set(['develops']),
  how: new Set(['do-after', 'schedule-after']),
};

/**
 * The why of a step, split for reading: the headline reasons (a blind spot, the two gaps it closes most,
 * what it prepares for) and the details (every other gap, and the evidence behind each).
 */
export function splitWhy(why: readonly Reason[]): { headline: Reason[]; details: Reason[] } {
  const gaps = why.filter((r) => r.code === 'closes-gap').sort((a, b) => Number(b.params.value) - Number(a.params.value));
  const main = new Set<Reason>([
    ...why.filter((r) => r.code === 'blind-spot').slice(0, 1),
    ...why.filter((r) => r.code === 'awareness' && !why.some((w) => w.code === 'blind-spot')).slice(0, 1),
    ...gaps.slice(0, 2),
    ...why.filter((r) => r.code === 'prerequisite-for' || r.code === 'revisit'),
  ]);
  const headline = why.filter((r) => main.has(r));
  const details = why.filter((r) => !main.has(r) && r.code !== 'awareness');
  return { headline: headline.length > 0 ? headline : details.slice(0, 1), details: headline.length > 0 ? details : details.slice(1) };
}
