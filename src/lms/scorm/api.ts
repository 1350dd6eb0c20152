/**
 * Talking to the LMS's SCORM API object: finding it (parent and opener chains, guarded against
 * cross-origin frames), calling it with the right names for each version, and turning every failure
 * into a readable problem with the LMS's own error code, text and diagnostic.
 */
export type ScormVersion = '1.2' | '2004';

/** The methods an LMS puts on `window.API` (1.2) or `window.API_1484_11` (2004). Everything is a string. */
export type ScormApi = Record<string, unknown>;

interface Dialect {
  global: 'API' | 'API_1484_11';
  initialize: string;
  terminate: string;
  getValue: string;
  setValue: string;
  commit: string;
  lastError: string;
  errorString: string;
  diagnostic: string;
}

export const DIALECTS: Readonly<Record<ScormVersion, Dialect>> = {
  '1.2': {
    global: 'API',
    initialize: 'LMSInitialize',
    terminate: 'LMSFinish',
    getValue: 'LMSGetValue',
    setValue: 'LMSSetValue',
    commit: 'LMSCommit',
    lastError: 'LMSGetLastError',
    errorString: 'LMSGetErrorString',
    diagnostic: 'LMSGetDiagnostic',
  },
  '2004': {
    global: 'API_1484_11',
    initialize: 'Initialize',
    terminate: 'Terminate',
    getValue: 'GetValue',
    setValue: 'SetValue',
    commit: 'Commit',
    lastError: 'GetLastError',
    errorString: 'GetErrorString',
    diagnostic: 'GetDiagnostic',
  },
};

/** How far up a frame chain to look; LMS players nest a few frames deep, never hundreds. */
const MAX_HOPS = 100;

/** The API object on one window, or undefined (also when the window is cross-origin). */
function apiOn(win: Window | null | undefined, dialect: Dialect): ScormApi | undefined {
  try {
    const candidate = (win as unknown as Record<string, unknown> | null | undefined)?.[dialect.global];
    if (candidate && typeof candidate === 'object' && typeof (candidate as ScormApi)[dialect.initialize] === 'function') return candidate as ScormApi;
  } catch {
    // A cross-origin frame: reading any property throws. Keep looking elsewhere.
  }
  return undefined;
}

function parentOf(win: Window): Window | undefined {
  try {
    return win.parent && win.parent !== win ? win.parent : undefined;
  } catch {
    return undefined;
  }
}

/** Looks on `win` and its ancestors. */
function searchChain(start: Window | null | undefined, dialect: Dialect): ScormApi | undefined {
  let win: Window | undefined = start ?? undefined;
  for (let hops = 0; win && hops <= MAX_HOPS; hops++) {
    const api = apiOn(win, dialect);
    if (api) return api;
    win = parentOf(win);
  }
  return undefined;
}

/**
 * Finds the LMS API for a SCORM version: this window and its parents first (the usual LMS frame
 * set-up), then the window that opened this one and its parents (LMSs that launch in a pop-up).
 */
export function findApi(version: ScormVersion, from: Window): ScormApi | undefined {
  const dialect = DIALECTS[version];
  const found = searchChain(from, dialect);
  if (found) return found;
  let opener: Window | null = null;
  try {
    opener = from.opener as Window | null;
  } catch {
    opener = null;
  }
  return opener ? searchChain(opener, dialect) : undefined;
}

/** One failed LMS call, with what the LMS said about it. */
export interface LmsError {
  call: string;
  element?: string;
  code: string;
  message: string;
  diagnostic: string;
}

/**
 * Error codes worth one immediate retry: general failures that often are transient in real LMSs (a
 * busy server behind a synchronous request). Format and access errors never succeed on retry.
 */
const TRANSIENT: Readonly<Record<ScormVersion, readonly string[]>> = {
  '1.2': ['101'],
  '2004': ['101', '351', '391'],
};

/** Calls one LMS API with the names of its SCORM version. All calls are synchronous, as SCORM requires. */
/** Text from the LMS for a message: no control or bidi characters, no markup, at most 200 characters. */
function lmsText(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069<>]+/g, ' ').trim();
  return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}

export class ScormConnection {
  readonly dialect: Dialect;
  /** Called for each failed call after retries; the runtime turns it into a RuntimeProblem. */
  onError: (error: LmsError) => void = () => {};

  constructor(
    readonly version: ScormVersion,
    private readonly api: ScormApi,
  ) {
    this.dialect = DIALECTS[version];
  }

  private call(method: string, ...args: string[]): string {
    const fn = this.api[method];
    if (typeof fn !== 'function') throw new Error(`The LMS API has no ${method} method.`);
    return String(fn.apply(this.api, args));
  }

  /** The last error as the LMS explains it, checked and shortened (LMS text is untrusted). Never throws. */
  lastError(): { code: string; message: string; diagnostic: string } {
    try {
      const reported = this.call(this.dialect.lastError);
      const code = /^\d{1,4}$/.test(reported) ? reported : '101';
      return { code, message: lmsText(this.call(this.dialect.errorString, code)), diagnostic: lmsText(this.call(this.dialect.diagnostic, code)) };
    } catch (error) {
      return { code: '101', message: 'General exception', diagnostic: lmsText(error instanceof Error ? error.message : String(error)) };
    }
  }

  /** Runs a call that answers "true"/"false"; retries transient failures once; reports the rest. */
  private attempt(call: string, run: () => string, element?: string, retries = 1): boolean {
    let error: { code: string; message: string; diagnostic: string } | undefined;
    for (let tries = 0; tries <= retries; tries++) {
      try {
        if (run() === 'true') return true;
        error = this.lastError();
      } catch (thrown) {
        error = { code: '101', message: 'General exception', diagnostic: lmsText(thrown instanceof Error ? thrown.message : String(thrown)) };
      }
      if (!TRANSIENT[this.version].includes(error.code)) break;
    }
    this.onError({ call, element, ...error! });
    return false;
  }

  initialize(): boolean {
    return this.attempt(this.dialect.initialize, () => this.call(this.dialect.initialize, ''));
  }

  terminate(): boolean {
    return this.attempt(this.dialect.terminate, () => this.call(this.dialect.terminate, ''), undefined, 0);
  }

  commit(retries = 1): boolean {
    return this.attempt(this.dialect.commit, () => this.call(this.dialect.commit, ''), undefined, retries);
  }

  set(element: string, value: string): boolean {
    return this.attempt(this.dialect.setValue, () => this.call(this.dialect.setValue, element, value), element);
  }

  /**
   * Reads a value; `undefined` when the LMS reports an error. "Not initialised" values (2004 code 403,
   * e.g. `cmi.suspend_data` on a first launch) and unimplemented optional elements are normal, not
   * problems, so reading never reports; the caller decides.
   */
  get(element: string): { value: string | undefined; code: string } {
    try {
      const value = this.call(this.dialect.getValue, element);
      const code = this.call(this.dialect.lastError);
      return code === '0' || code === '' ? { value, code: '0' } : { value: undefined, code };
    } catch {
      return { value: undefined, code: '101' };
    }
  }
}
