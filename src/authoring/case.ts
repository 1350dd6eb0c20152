/**
 * 1EdTech CASE 1.1 packages (getCFPackage JSON) both ways.
 *
 * Export: the model is the CFDocument; groups and competencies are CFItems (types "Competency Group"
 * and "Competency", `humanCodingScheme` = id) joined by `isChildOf`; each competency's indicators are one
 * CFRubric criterion whose levels carry the indicator text (`description`), the scale label (`quality`)
 * and the level (`score`). What CASE has no field for (roles, items, modules, settings, translations,
 * correlations) rides in `extensions.pathway`, so a round trip is lossless; other CASE tools ignore it.
 *
 * Import: any CASE package. Items with child items become groups, leaves become competencies; levels
 * come from CFRubric criterion levels or from child items typed as levels (or linked by hasSkillLevel).
 * What cannot be used is reported, never dropped silently.
 */
import { competencyIri } from '../model/iri.js';
import { resolveText } from '../model/text.js';
import type { Competency, Group, Model, Text } from '../model/types.js';
import { MODEL_FORMAT } from '../model/vocabulary.js';
import { localId, uuidFor } from './ids.js';
import type { Assembled } from './sheets.js';

interface LinkUri {
  title?: string;
  identifier: string;
  uri: string;
}

interface CfItem {
  identifier: string;
  uri: string;
  lastChangeDateTime: string;
  fullStatement: string;
  abbreviatedStatement?: string;
  humanCodingScheme?: string;
  CFItemType?: string;
  listEnumeration?: string;
  language?: string;
  extensions?: Record<string, unknown>;
}

interface CfAssociation {
  identifier: string;
  uri: string;
  lastChangeDateTime: string;
  associationType: string;
  originNodeURI: LinkUri;
  destinationNodeURI: LinkUri;
  sequenceNumber?: number;
}

interface CfRubricLevel {
  identifier: string;
  uri: string;
  lastChangeDateTime: string;
  description?: string;
  quality?: string;
  score?: number;
  position?: number;
  rubricCriterionId?: string;
  extensions?: Record<string, unknown>;
}

interface CfRubric {
  identifier: string;
  uri: string;
  lastChangeDateTime: string;
  title?: string;
  CFRubricCriteria?: {
    identifier: string;
    uri: string;
    lastChangeDateTime: string;
    CFItemURI?: LinkUri;
    position?: number;
    rubricId?: string;
    CFRubricCriterionLevels?: CfRubricLevel[];
  }[];
}

export interface CasePackage {
  CFDocument: Record<string, unknown> & { identifier: string; uri: string; title: string };
  CFItems: CfItem[];
  CFAssociations: CfAssociation[];
  CFDefinitions?: Record<string, unknown>;
  CFRubrics?: CfRubric[];
}

const COMPETENCY_TYPE = 'Competency';
const GROUP_TYPE = 'Competency Group';

/** Plain text for CASE's single-language fields, plus the full map when there is more to keep. */
function split(value: Text | undefined, lang: string): [string | undefined, Text | undefined] {
  if (value === undefined) return [undefined, undefined];
  return typeof value === 'string' ? [value, undefined] : [resolveText(value, lang, lang), value];
}

function defined<T extends Record<string, unknown>>(record: T): T {
  for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
  return record;
}

export function writeCase(model: Model, lastChangeDateTime = new Date().toISOString()): CasePackage {
  const lang = model.language;
  const base = model.id.replace(/\/+$/, '');
  const docId = uuidFor(`${model.id}#document`);
  const docLink: LinkUri = { title: resolveText(model.title, lang, lang), identifier: docId, uri: model.id };
  const stamp = { lastChangeDateTime };
  const items: CfItem[] = [];
  const associations: CfAssociation[] = [];
  const rubrics: CfRubric[] = [];
  const links = new Map<string, LinkUri>();

  const childOf = (origin: LinkUri, destination: LinkUri, sequenceNumber: number): void => {
    const identifier = uuidFor(`${origin.uri} isChildOf ${destination.uri}`);
    associations.push({ identifier, uri: `${base}/case/associations/${identifier}`, ...stamp, associationType: 'isChildOf', originNodeURI: origin, destinationNodeURI: destination, sequenceNumber });
  };

  (model.groups ?? []).forEach((group: Group, i) => {
    const [title, titleMap] = split(group.title, lang);
    const [description, descriptionMap] = split(group.description, lang);
    const uri = `${base}/groups/${group.id}`;
    const identifier = uuidFor(uri);
    const pathway = defined({ title: titleMap, description: descriptionMap, hasDescription: description === undefined ? false : undefined, extensions: group.extensions });
    items.push(defined({ identifier, uri, ...stamp, fullStatement: description ?? title!, abbreviatedStatement: title, humanCodingScheme: group.id, CFItemType: GROUP_TYPE, language: lang, extensions: Object.keys(pathway).length ? { pathway } : undefined }));
    const link = { title: title!, identifier, uri };
    links.set(`group:${group.id}`, link);
    childOf(link, docLink, i + 1);
  });

  model.competencies.forEach((comp: Competency, i) => {
    const [title, titleMap] = split(comp.title, lang);
    const [description, descriptionMap] = split(comp.description, lang);
    const uri = competencyIri(model, comp);
    const identifier = uuidFor(uri);
    const pathway = defined({ title: titleMap, description: descriptionMap, scale: comp.scale, related: comp.related, extensions: comp.extensions });
    items.push(defined({ identifier, uri, ...stamp, fullStatement: description!, abbreviatedStatement: title, humanCodingScheme: comp.id, CFItemType: COMPETENCY_TYPE, language: lang, extensions: Object.keys(pathway).length ? { pathway } : undefined }));
    const link = { title: title!, identifier, uri };
    childOf(link, comp.group ? (links.get(`group:${comp.group}`) ?? docLink) : docLink, i + 1);

    const scale = comp.scale ?? model.scale;
    const rubricId = uuidFor(`${uri}#rubric`);
    const criterionId = uuidFor(`${uri}#criterion`);
    rubrics.push({
      identifier: rubricId,
      uri: `${base}/case/rubrics/${rubricId}`,
      ...stamp,
      title: title!,
      CFRubricCriteria: [
        {
          identifier: criterionId,
          uri: `${base}/case/criteria/${criterionId}`,
          ...stamp,
          CFItemURI: link,
          position: 1,
          rubricId,
          CFRubricCriterionLevels: comp.indicators.map((indicator, k) => {
            const [text, textMap] = split(indicator.text, lang);
            const label = scale.levels.find((l) => l.level === indicator.level)?.label;
            const identifier = uuidFor(`${uri}#indicator-${k}`);
            return defined({
              identifier,
              uri: `${base}/case/levels/${identifier}`,
              ...stamp,
              description: text,
              quality: label === undefined ? undefined : resolveText(label, lang, lang),
              score: indicator.level,
              position: k + 1,
              rubricCriterionId: criterionId,
              extensions: textMap ? { pathway: { text: textMap } } : undefined,
            });
          }),
        },
      ],
    });
  });

  const [title, titleMap] = split(model.title, lang);
  const [description, descriptionMap] = split(model.description, lang);
  const { id: _id, title: _t, description: _d, language: _l, version, competencies: _c, groups: _g, ...rest } = model;
  return {
    CFDocument: defined({
      identifier: docId,
      uri: model.id,
      ...stamp,
      CFPackageURI: { title: title!, identifier: uuidFor(`${model.id}#package`), uri: `${base}/case/package` },
      creator: 'Pathway',
      title: title!,
      description,
      language: lang,
      version,
      caseVersion: '1.1',
      extensions: { pathway: defined({ ...rest, title: titleMap, description: descriptionMap }) },
    }),
    CFItems: items,
    CFAssociations: associations,
    CFDefinitions: { CFConcepts: [], CFSubjects: [], CFLicenses: [], CFItemTypes: [], CFAssociationGroupings: [] },
    CFRubrics: rubrics,
  };
}

// ───────────────────────────── reading ─────────────────────────────

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** A CASE text edited in a CASE tool wins over the translation map it was exported with. */
function mergeText(native: string | undefined, kept: unknown, lang: string): Text | undefined {
  if (!isObject(kept)) return native;
  const map = kept as Record<string, string>;
  if (native === undefined || resolveText(map, lang, lang) === native) return map;
  return { ...map, [lang]: native };
}

/** Whether a JSON value is a CASE package (as opposed to a Pathway model or something else). */
export function isCasePackage(value: unknown): value is Json {
  return isObject(value) && isObject(value['CFDocument']);
}

const LEVEL_TYPE = /level|proficiency|stufe|niveau/i;

/** Reads a CASE package into `into` (model fields, source map, problems). */
export function readCase(file: string, value: Json, into: Assembled): void {
  const { model, map, problems } = into;
  const fail = (path: string, message: string, severity: 'error' | 'warning' = 'error'): void => {
    problems.push({ severity, file, path, message });
  };
  const doc = value['CFDocument'] as Json;
  const kept = isObject(doc['extensions']) && isObject(doc['extensions']['pathway']) ? (doc['extensions']['pathway'] as Json) : {};
  const lang = str(doc['language']) ?? (typeof kept['language'] === 'string' ? kept['language'] : 'en');
  const uri = str(doc['uri']);
  const title = str(doc['title']);
  if (!uri) fail('CFDocument.uri', 'expected the document URI (it becomes the model id)');
  if (!title) fail('CFDocument.title', 'expected the framework title');
  const setField = (field: string, v: unknown, path: string): void => {
    if (v === undefined) return;
    if (model[field] !== undefined) return;
    model[field] = v;
    map.set(field, { file, path });
  };
  setField('format', MODEL_FORMAT, 'CFDocument');
  for (const [key, v] of Object.entries(kept)) if (key !== 'title' && key !== 'description') setField(key, v, `CFDocument.extensions.pathway.${key}`);
  setField('id', uri, 'CFDocument.uri');
  setField('version', str(doc['version']) ?? str(doc['lastChangeDateTime'])?.slice(0, 10) ?? '1', doc['version'] ? 'CFDocument.version' : 'CFDocument.lastChangeDateTime');
  setField('title', mergeText(title, kept['title'], lang), 'CFDocument.title');
  setField('description', mergeText(str(doc['description']), kept['description'], lang), 'CFDocument.description');
  setField('language', lang, 'CFDocument.language');

  const rawItems = Array.isArray(value['CFItems']) ? (value['CFItems'] as unknown[]) : [];
  const rawAssociations = Array.isArray(value['CFAssociations']) ? (value['CFAssociations'] as unknown[]) : [];
  if (value['CFItems'] !== undefined && !Array.isArray(value['CFItems'])) fail('CFItems', 'expected a list of CFItem objects');
  const items = new Map<string, { item: Json; index: number }>();
  rawItems.forEach((item, index) => {
    const path = `CFItems[${index}]`;
    if (!isObject(item)) return fail(path, 'expected a CFItem object');
    const identifier = str(item['identifier']);
    if (!identifier) return fail(`${path}.identifier`, 'expected the item identifier (a UUID)');
    if (!str(item['fullStatement'])) fail(`${path}.fullStatement`, 'expected the item statement (required by CASE)');
    if (items.has(identifier)) return fail(`${path}.identifier`, `identifier ${identifier} is already used by CFItems[${items.get(identifier)!.index}]`);
    items.set(identifier, { item, index });
  });
  const byUri = new Map([...items.values()].map((entry) => [String(entry.item['uri']), entry]));
  const resolve = (link: unknown): { item: Json; index: number } | undefined =>
    isObject(link) ? (items.get(String(link['identifier'])) ?? byUri.get(String(link['uri']))) : undefined;
  const docIds = new Set([String(doc['identifier']), String(doc['uri'])]);

  // The tree: parent of each item, children in sequence order; levels linked by hasSkillLevel.
  const parent = new Map<string, string | undefined>();
  const children = new Map<string, { id: string; seq: number }[]>();
  const skillLevels = new Map<string, string[]>();
  const skipped = new Map<string, number>();
  rawAssociations.forEach((assoc, index) => {
    const path = `CFAssociations[${index}]`;
    if (!isObject(assoc)) return fail(path, 'expected a CFAssociation object');
    const type = str(assoc['associationType']);
    const origin = resolve(assoc['originNodeURI']);
    const destinationLink = assoc['destinationNodeURI'];
    if (type === 'isChildOf') {
      if (!origin) return fail(`${path}.originNodeURI`, 'points to no CFItem in this package (expected the identifier or uri of a CFItem)');
      const originId = String(origin.item['identifier']);
      const toDoc = isObject(destinationLink) && (docIds.has(String(destinationLink['identifier'])) || docIds.has(String(destinationLink['uri'])));
      const destination = toDoc ? undefined : resolve(destinationLink);
      if (!toDoc && !destination) return fail(`${path}.destinationNodeURI`, 'points to neither the CFDocument nor a CFItem in this package');
      if (parent.has(originId)) return fail(path, `CFItems[${origin.index}] already has a parent; an item sits in one place of the tree`, 'warning');
      const parentId = destination ? String(destination.item['identifier']) : undefined;
      parent.set(originId, parentId);
      const key = parentId ?? '';
      const list = children.get(key) ?? [];
      list.push({ id: originId, seq: typeof assoc['sequenceNumber'] === 'number' ? assoc['sequenceNumber'] : list.length + 1 });
      children.set(key, list);
    } else if (type === 'hasSkillLevel' && origin) {
      const level = resolve(destinationLink);
      if (level) skillLevels.set(String(origin.item['identifier']), [...(skillLevels.get(String(origin.item['identifier'])) ?? []), String(level.item['identifier'])]);
    } else {
      skipped.set(type ?? '(none)', (skipped.get(type ?? '(none)') ?? 0) + 1);
    }
  });
  for (const [type, n] of skipped) fail('CFAssociations', `${n} association${n === 1 ? '' : 's'} of type "${type}" left out (Pathway reads isChildOf and hasSkillLevel)`, 'warning');
  for (const list of children.values()) list.sort((a, b) => a.seq - b.seq);

  const isLevelItem = (id: string): boolean => {
    const item = items.get(id)!.item;
    return LEVEL_TYPE.test(String(item['CFItemType'] ?? '')) || [...skillLevels.values()].some((ids) => ids.includes(id));
  };
  const levelChildren = (id: string): string[] => [...new Set([...(skillLevels.get(id) ?? []), ...(children.get(id) ?? []).map((c) => c.id).filter(isLevelItem)])];
  const structural = (id: string): string[] => (children.get(id) ?? []).map((c) => c.id).filter((c) => !isLevelItem(c));

  // Rubric levels per competency item.
  const rubricLevels = new Map<string, { level: CfRubricLevel; path: string }[]>();
  const rubrics = Array.isArray(value['CFRubrics']) ? (value['CFRubrics'] as unknown[]) : [];
  rubrics.forEach((rubric, r) => {
    if (!isObject(rubric) || !Array.isArray(rubric['CFRubricCriteria'])) return fail(`CFRubrics[${r}]`, 'expected a CFRubric with CFRubricCriteria');
    (rubric['CFRubricCriteria'] as unknown[]).forEach((criterion, k) => {
      const path = `CFRubrics[${r}].CFRubricCriteria[${k}]`;
      if (!isObject(criterion)) return fail(path, 'expected a CFRubricCriterion object');
      const target = resolve(criterion['CFItemURI']);
      if (!target) return fail(`${path}.CFItemURI`, 'points to no CFItem in this package; a criterion names the competency it describes');
      const list = rubricLevels.get(String(target.item['identifier'])) ?? [];
      const levels = Array.isArray(criterion['CFRubricCriterionLevels']) ? (criterion['CFRubricCriterionLevels'] as CfRubricLevel[]) : [];
      levels.forEach((level, n) => list.push({ level, path: `${path}.CFRubricCriterionLevels[${n}]` }));
      rubricLevels.set(String(target.item['identifier']), list);
    });
  });

  const groups = ((model['groups'] as Json[] | undefined) ?? []);
  const competencies = ((model['competencies'] ??= []) as Json[]);
  const scaleLevels = new Map<number, string>();
  const groupOf = new Map<string, string>();
  const flattened: string[] = [];
  const order = new Map<Json, number>();

  const visit = (id: string, depth: number): void => {
    const { item, index } = items.get(id)!;
    const path = `CFItems[${index}]`;
    const keptItem = isObject(item['extensions']) && isObject(item['extensions']['pathway']) ? (item['extensions']['pathway'] as Json) : {};
    const localIdOf = (): string => {
      const code = str(item['humanCodingScheme']);
      return code ? localId(code) : localId(id);
    };
    const kids = structural(id);
    const type = String(item['CFItemType'] ?? '');
    const full = str(item['fullStatement']);
    const short = str(item['abbreviatedStatement']) ?? (full && full.length > 80 ? `${full.slice(0, 77).replace(/\s+\S*$/, '')}…` : full);
    if (type === GROUP_TYPE || (kids.length > 0 && type !== COMPETENCY_TYPE)) {
      if (depth > 0) flattened.push(path);
      const group: Json = { id: localIdOf(), title: mergeText(short, keptItem['title'], lang) };
      if (keptItem['hasDescription'] !== false) group['description'] = mergeText(full, keptItem['description'], lang);
      if (keptItem['extensions'] !== undefined) group['extensions'] = keptItem['extensions'];
      if (depth === 0) {
        map.set(`groups[${groups.length}]`, { file, path });
        groups.push(group);
      }
      const groupId = depth === 0 ? String(group['id']) : groupOf.get(parent.get(id)!)!;
      groupOf.set(id, groupId);
      for (const kid of kids) visit(kid, depth + 1);
      return;
    }
    const base = `competencies[${competencies.length}]`;
    map.set(base, { file, path });
    map.set(`${base}.title`, { file, path: item['abbreviatedStatement'] ? `${path}.abbreviatedStatement` : `${path}.fullStatement` });
    map.set(`${base}.description`, { file, path: `${path}.fullStatement` });
    const comp: Json = { id: localIdOf(), title: mergeText(short, keptItem['title'], lang), description: mergeText(full, keptItem['description'], lang) };
    const parentId = parent.get(id);
    if (parentId !== undefined && groupOf.has(parentId)) comp['group'] = groupOf.get(parentId);
    const uriOf = str(item['uri']);
    if (uriOf && model['id'] && uriOf !== competencyIri({ id: String(model['id']) }, { id: String(comp['id']) })) comp['iri'] = uriOf;
    for (const key of ['scale', 'related', 'extensions']) if (keptItem[key] !== undefined) comp[key] = keptItem[key];
    const indicators: Json[] = [];
    for (const { level, path: levelPath } of rubricLevels.get(id) ?? []) {
      const n = typeof level.score === 'number' ? level.score : Number(level.position);
      const textValue = str(level.description) ?? str(level.quality);
      if (!Number.isInteger(n) || n < 0) {
        fail(`${levelPath}.score`, 'expected the level number as a whole number (score, or position when there is no score)');
        continue;
      }
      if (!textValue) {
        fail(`${levelPath}.description`, 'expected the behaviour at this level (description or quality)');
        continue;
      }
      map.set(`${base}.indicators[${indicators.length}]`, { file, path: levelPath });
      const keptLevel = isObject(level.extensions) && isObject(level.extensions['pathway']) ? (level.extensions['pathway'] as Json) : {};
      indicators.push({ level: n, text: mergeText(str(level.description) ?? textValue, keptLevel['text'], lang) });
      if (level.quality && !scaleLevels.has(n)) scaleLevels.set(n, level.quality);
    }
    levelChildren(id).forEach((levelId, k) => {
      const { item: levelItem, index: levelIndex } = items.get(levelId)!;
      const code = str(levelItem['humanCodingScheme']) ?? str(levelItem['listEnumeration']);
      const fromCode = code ? Number(/(\d+)\s*$/.exec(code)?.[1]) : NaN;
      const n = Number.isInteger(fromCode) ? fromCode : k + 1;
      map.set(`${base}.indicators[${indicators.length}]`, { file, path: `CFItems[${levelIndex}]` });
      indicators.push({ level: n, text: str(levelItem['fullStatement']) });
      const label = str(levelItem['abbreviatedStatement']);
      if (label && !scaleLevels.has(n)) scaleLevels.set(n, label);
    });
    if (indicators.length > 0) comp['indicators'] = indicators;
    order.set(comp, index);
    competencies.push(comp);
  };
  for (const { id } of children.get('') ?? []) visit(id, 0);
  if (Object.keys(kept).length > 0) restoreOrder(competencies, map, (comp) => order.get(comp) ?? 0);
  const placed = new Set([...parent.keys()]);
  const orphans = [...items.keys()].filter((id) => !placed.has(id) && !isLevelItem(id));
  for (const id of orphans) fail(`CFItems[${items.get(id)!.index}]`, 'has no isChildOf association, so it is not in the framework tree; left out', 'warning');
  if (flattened.length > 0) fail(flattened[0]!, `${flattened.length} nested group${flattened.length === 1 ? '' : 's'} folded into their top-level group (Pathway groups are one level deep)`, 'warning');
  if (groups.length > 0 && model['groups'] === undefined) model['groups'] = groups;

  // A scale from the rubric qualities when the package carries none of Pathway's own.
  if (model['scale'] === undefined && scaleLevels.size > 0) {
    const levels = [...scaleLevels].sort((a, b) => a[0] - b[0]).map(([level, label]) => ({ level, label, meaning: label }));
    model['scale'] = { levels };
    map.set('scale', { file, path: 'CFRubrics' });
    fail('CFRubrics', `the scale was built from the rubric level names (${levels.map((l) => `${l.level} ${l.label}`).join(', ')}); each level's meaning repeats its name until you write one`, 'warning');
  }
}

/**
 * Pathway's own exports list competencies in model order; the tree visit groups them by group, so put
 * them (and their source-map entries) back in the order of CFItems.
 */
function restoreOrder(competencies: Json[], map: Assembled['map'], position: (comp: Json) => number): void {
  const before = [...competencies];
  const after = [...competencies].sort((a, b) => position(a) - position(b));
  map.renumber('competencies', (i) => after.indexOf(before[i]!));
  competencies.splice(0, competencies.length, ...after);
}
