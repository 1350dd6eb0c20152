/** Fetching a model file for an element, with a specific message for each way it can fail. */
import { loadModel, type ValidationResult } from '../../src/model/load.js';

export async function fetchModel(src: string, signal?: AbortSignal): Promise<ValidationResult> {
  const fail = (message: string): ValidationResult => ({ ok: false, problems: [{ severity: 'error', kind: 'file', path: '', message }] });
  let response: Response;
  try {
    response = await fetch(src, { signal, credentials: 'same-origin' });
  } catch (error) {
    if (signal?.aborted) throw error;
    return fail(`The model at ${src} could not be loaded: the network request failed (offline, blocked by CORS, or the server is unreachable).`);
  }
  if (!response.ok) return fail(`The model at ${src} could not be loaded: the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
  const text = await response.text();
  const result = loadModel(text, new TextEncoder().encode(text).length);
  if (!result.ok) {
    const first = result.problems[0];
    if (first?.kind === 'file') first.message = `${src}: ${first.message}`;
  }
  return result;
}
