/**
 * Wraps an LMS-side SCORM API (scorm-again's Scorm12API / Scorm2004API in the tests and the demo) to
 * record every call the content makes and, when asked, to fail some of them the way real LMSs do
 * (a commit that does not reach the server, a SetValue the LMS refuses). The wrapper is what the
 * content finds as `window.API` / `window.API_1484_11`; the wrapped object stays the real LMS.
 *
 * DOM-free: used by the Node tests, the browser tests and the demo's LMS preview.
 */
import { DIALECTS, type ScormVersion } from '../../src/lms/scorm/api.js';

export interface RecordedCall {
  method: string;
  args: string[];
  result: string;
  /** Error code the content could read right after the call. */
  error: string;
  injected?: boolean;
}

export interface Faults {
  /** Fail this call (return "false" with `code`) instead of passing it to the LMS. */
  fail?: (method: 'commit' | 'set', element: string | undefined, count: number) => boolean;
  /** Error code reported for an injected failure (default: general exception / general commit failure). */
  code?: string;
}

export interface Recorder {
  /** The object to expose as the LMS API. */
  api: Record<string, (...args: string[]) => string>;
  calls: RecordedCall[];
  /** The SetValue calls that the LMS accepted, in order. */
  accepted(): { element: string; value: string }[];
  /** Every SetValue call the content made, accepted or not. */
  sets(): { element: string; value: string }[];
  faults: Faults;
  /** Called after every recorded call (the demo's live CMI view). */
  onCall?: (call: RecordedCall) => void;
}

export function recordLms(version: ScormVersion, lms: object, faults: Faults = {}): Recorder {
  const dialect = DIALECTS[version];
  const target = lms as Record<string, (...args: string[]) => string>;
  const calls: RecordedCall[] = [];
  const record = (call: RecordedCall) => {
    calls.push(call);
    recorder.onCall?.(call);
  };
  const counts = { commit: 0, set: 0 };
  let injectedError: string | undefined;
  const failCode = () => faults.code ?? (version === '1.2' ? '101' : '391');

  const api: Recorder['api'] = {};
  for (const method of Object.values(dialect)) {
    if (method === dialect.global) continue;
    api[method] = (...args: string[]) => {
      if (method === dialect.lastError) return injectedError ?? target[method]!.call(lms);
      if (method === dialect.errorString || method === dialect.diagnostic) {
        if (injectedError !== undefined && args[0] === injectedError) return method === dialect.errorString ? 'Injected fault' : 'the test LMS failed this call on purpose';
        return target[method]!.apply(lms, args);
      }
      injectedError = undefined;
      const kind = method === dialect.commit ? 'commit' : method === dialect.setValue ? 'set' : undefined;
      if (kind && faults.fail?.(kind, kind === 'set' ? args[0] : undefined, ++counts[kind])) {
        injectedError = kind === 'set' && version === '2004' ? (faults.code ?? '351') : failCode();
        record({ method, args, result: 'false', error: injectedError, injected: true });
        return 'false';
      }
      const result = String(target[method]!.apply(lms, args));
      record({ method, args, result, error: String(target[dialect.lastError]!.call(lms)) });
      return result;
    };
  }
  const sets = (all: boolean) =>
    calls.filter((c) => c.method === dialect.setValue && (all || c.result === 'true')).map((c) => ({ element: c.args[0]!, value: c.args[1]! }));
  const recorder: Recorder = { api, calls, accepted: () => sets(false), sets: () => sets(true), faults };
  return recorder;
}
