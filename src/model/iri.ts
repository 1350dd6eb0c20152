/**
 * Activity IRIs derived from the model's `id`. Every xAPI object, SCORM 2004 objective and cmi5
 * objective uses these, so a competency keeps one identity across every delivery mode.
 */
import type { Competency, Model } from './types.js';

function base(model: Pick<Model, 'id'>): string {
  return model.id.replace(/\/+$/, '');
}

export function modelIri(model: Pick<Model, 'id'>): string {
  return base(model);
}

export function competencyIri(model: Pick<Model, 'id'>, competency: Pick<Competency, 'id' | 'iri'>): string {
  return competency.iri ?? `${base(model)}/competencies/${competency.id}`;
}

export function roleIri(model: Pick<Model, 'id'>, roleId: string): string {
  return `${base(model)}/roles/${roleId}`;
}

export function itemIri(model: Pick<Model, 'id'>, itemId: string): string {
  return `${base(model)}/items/${itemId}`;
}

export function moduleIri(model: Pick<Model, 'id'>, moduleId: string): string {
  return `${base(model)}/modules/${moduleId}`;
}

