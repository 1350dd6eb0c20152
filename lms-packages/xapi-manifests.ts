/**
 * The files an LMS reads to import an xAPI-based package:
 *
 * - `cmi5.xml` (cmi5 course structure, valid against the official CourseStructure.xsd): the course is
 *   the model; one AU launches the assessment — or, with `delivery.auPerRole`, one AU per role, each
 *   passing its role in `launchParameters` (`{"role":"<id>"}`); every AU has the model's `moveOn`
 *   (default `Completed`) and `masteryScore`, a relative `url`, and references the competencies it
 *   assesses as objectives;
 * - `tincan.xml` (namespace http://projecttincan.com/tincan.xsd): one activity with its launch page.
 *
 * Ids are the model's IRIs (src/model/iri.ts, src/tracking/activities.ts), so what the LMS imports and
 * what the statements name are the same activities and competencies.
 */
import { decimal } from '../src/lms/scorm/format.js';
import { competencyIri, modelIri } from '../src/model/iri.js';
import { resolveText, textLanguages } from '../src/model/text.js';
import type { Model, Role, Text } from '../src/model/types.js';
import { assessmentIri } from '../src/tracking/activities.js';
import { ACTIVITY_TYPES } from '../src/tracking/vocabulary.js';
import type { PackageSources } from './sources.js';
import { escapeXml, fillTemplate, uri } from './xml.js';
import type { PackageRequest } from './builder.js';

/** The AU's publisher id: the assessment IRI, or one per role. */
export function auId(model: Pick<Model, 'id'>, role?: string): string {
  return role === undefined ? assessmentIri(model) : `${assessmentIri(model)}/roles/${role}`;
}

/** The languages a set of texts is written in, the model's own first. */
function languagesOf(model: Model, texts: readonly Text[]): string[] {
  const all = new Set<string>([model.language]);
  for (const text of texts) for (const tag of textLanguages(text, model.language)) all.add(tag);
  return [...all];
}

/** `<element lang="…">…</element>` lines, one per language, each text resolved for that language. */
function localized(element: string, model: Model, indent: string, parts: readonly Text[], join = ' — '): string {
  return languagesOf(model, parts)
    .map((lang) => `${indent}<${element} lang="${escapeXml(lang)}">${escapeXml(parts.map((p) => resolveText(p, lang, model.language)).join(join))}</${element}>`)
    .join('\n');
}

const assessed = (model: Model) => new Set(model.items.map((i) => i.competency));

function objectivesBlock(model: Model): string {
  const used = assessed(model);
  const objectives = model.competencies.filter((c) => used.has(c.id));
  if (objectives.length === 0) return '';
  const lines = objectives.map(
    (c) =>
      `    <objective id="${escapeXml(uri(competencyIri(model, c)))}">\n      <title>\n${localized('langstring', model, '        ', [c.title])}\n      </title>\n      <description>\n${localized('langstring', model, '        ', [c.description])}\n      </description>\n    </objective>`,
  );
  return `  <objectives>\n${lines.join('\n')}\n  </objectives>`;
}

function au(model: Model, launch: string, role?: Role, request?: PackageRequest): string {
  const delivery = model.delivery ?? {};
  const mastery = delivery.masteryScore === undefined ? '' : ` masteryScore="${decimal(delivery.masteryScore, 4)}"`;
  const used = assessed(model);
  const competencies = role ? role.requirements.map((r) => r.competency).filter((id) => used.has(id)) : model.competencies.filter((c) => used.has(c.id)).map((c) => c.id);
  const refs = [...new Set(competencies)].map((id) => `      <objective idref="${escapeXml(uri(competencyIri(model, model.competencies.find((c) => c.id === id)!)))}"/>`);
  const title = role ? [model.title, role.title] : [model.title];
  const description = role ? [model.description ?? model.title, role.title] : [model.description ?? model.title];
  const lines = [
    `  <au id="${escapeXml(uri(request ? requestActivityId(model, request) : auId(model, role?.id)))}" moveOn="${delivery.moveOn ?? 'Completed'}"${mastery} launchMethod="AnyWindow">`,
    `    <title>\n${localized('langstring', model, '      ', title)}\n    </title>`,
    `    <description>\n${localized('langstring', model, '      ', description)}\n    </description>`,
    ...(refs.length > 0 ? [`    <objectives>\n${refs.join('\n')}\n    </objectives>`] : []),
    `    <url>${escapeXml(launch)}</url>`,
    ...(role ? [`    <launchParameters>${escapeXml(JSON.stringify({ role: role.id }))}</launchParameters>`] : []),
    // A "rate a colleague" AU: the request reaches the AU as LMS.LaunchData.launchParameters.
    ...(request ? [`    <launchParameters>${escapeXml(request.launchData)}</launchParameters>`] : []),
    '  </au>',
  ];
  return lines.join('\n');
}

/** The activity of a "rate a colleague" package: its own, per request. */
export function requestActivityId(model: Pick<Model, 'id'>, request: PackageRequest): string {
  return `${assessmentIri(model)}/requests/${request.request.id}`;
}

/** `cmi5.xml` for a model; `launch` is the AU's page, relative to the zip root; with a request, one AU that answers it. */
export function cmi5CourseStructure(model: Model, sources: Pick<PackageSources, 'template' | 'version'>, launch: string, request?: PackageRequest): string {
  const aus = request ? [au(model, launch, undefined, request)] : model.delivery?.auPerRole ? model.roles.map((role) => au(model, launch, role)) : [au(model, launch)];
  return fillTemplate(sources.template('cmi5/cmi5.xml'), {
    pathwayVersion: sources.version,
    modelVersion: model.version,
    courseId: uri(request ? `${modelIri(model)}/requests/${request.request.id}` : modelIri(model)),
    title: localized('langstring', model, '      ', [model.title]),
    description: localized('langstring', model, '      ', [model.description ?? model.title]),
    objectives: objectivesBlock(model),
    aus: aus.join('\n'),
  });
}

/** `tincan.xml` for a model: one activity (the assessment) launched by `launch`; with a request, its parameters in the launch URL. */
export function tincanManifest(model: Model, sources: Pick<PackageSources, 'template' | 'version'>, launch: string, request?: PackageRequest): string {
  return fillTemplate(sources.template('xapi/tincan.xml'), {
    pathwayVersion: sources.version,
    modelVersion: model.version,
    activityId: uri(request ? requestActivityId(model, request) : assessmentIri(model)),
    activityType: ACTIVITY_TYPES.assessment,
    names: localized('name', model, '      ', [model.title]),
    descriptions: localized('description', model, '      ', [model.description ?? model.title]),
    lang: model.language,
    launch: request ? `${launch}?${request.launchData}` : launch,
  });
}
