/**
 * Localised sentences for the planner's structured reasons (`Reason { code, params }`, listed in
 * docs/planner.md), module kinds and modalities.
 */
import { msg } from '@lit/localize';
import { resolveText } from '../../src/model/text.js';
import type { Modality, Model, ModuleKind } from '../../src/model/types.js';
import type { Reason } from '../../src/planner/types.js';

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

export function reasonText(reason: Reason, context: ReasonContext): string {
  void names(context);
  return `${reason.code}`;
}
