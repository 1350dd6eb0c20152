/**
 * A model problem in the page's language: the problems that carry their message as data
 * (`Problem.detail`: the file-level ones and unknown or duplicate ids, which are what authors and
 * hosting mistakes produce most) through the message catalogue; the rest in English as the CLI says them.
 */
import { msg, str } from '@lit/localize';
import type { Problem, ReferenceNoun } from '../../src/model/problems.js';

function noun(n: ReferenceNoun): string {
  switch (n) {
    case 'competency':
      return msg('competency', { id: 'problem.noun.competency' });
    case 'group':
      return msg('group', { id: 'problem.noun.group' });
    case 'role':
      return msg('role', { id: 'problem.noun.role' });
    case 'item':
      return msg('item', { id: 'problem.noun.item' });
    case 'module':
      return msg('module', { id: 'problem.noun.module' });
  }
}

export function problemText(problem: Problem): string {
  const d = problem.detail;
  if (!d) return problem.message;
  switch (d.code) {
    case 'file-empty':
      return msg('The file is empty: expected a Pathway model, a JSON object such as {"format": "pathway-model/1", …}.', { id: 'problem.fileEmpty' });
    case 'file-binary':
      return msg('The file looks like binary data, not a JSON Pathway model.', { id: 'problem.fileBinary' });
    case 'file-array':
    case 'file-not-object':
      return msg('The file does not hold a JSON object, but a Pathway model is a JSON object with "format", "id", "competencies", "roles", "items" and "modules".', { id: 'problem.fileNotObject' });
    case 'file-not-model':
      return msg('The JSON object is not a Pathway model: it has none of the fields "format", "scale", "competencies", "roles", "items" or "modules".', { id: 'problem.fileNotModel' });
    case 'file-too-large':
      return msg(str`The file is ${d.size}; a Pathway model must be smaller than ${d.limit}, so this is probably not a model file.`, { id: 'problem.fileTooLarge' });
    case 'file-json':
      return msg(str`The file is not valid JSON: the error is at line ${d.line}, column ${d.column}.`, { id: 'problem.fileJson' });
    case 'file-unreachable':
      return msg(str`The model at ${d.src} could not be loaded: the network request failed (offline, blocked by CORS, or the server is unreachable).`, { id: 'problem.fileUnreachable' });
    case 'file-status':
      return msg(str`The model at ${d.src} could not be loaded: the server answered ${d.status}.`, { id: 'problem.fileStatus' });
    case 'unknown-reference':
      return d.suggestion
        ? msg(str`refers to unknown ${noun(d.noun)} "${d.id}" (did you mean "${d.suggestion}"?)`, { id: 'problem.unknownSuggest' })
        : msg(str`refers to unknown ${noun(d.noun)} "${d.id}"`, { id: 'problem.unknown' });
    case 'duplicate-id':
      return msg(str`duplicate ${noun(d.noun)} id "${d.id}" (first used at ${d.first})`, { id: 'problem.duplicate' });
  }
}
