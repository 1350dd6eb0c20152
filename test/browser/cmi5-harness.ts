/**
 * Browser side of the cmi5 and xAPI package tests: unzip a package and read its cmi5.xml the way an LMS
 * import does, ask the test LMS (test/cmi5/cmi5-lms.ts, through the server commands of
 * test/cmi5/wtr-plugin.mjs) to launch a session, and run the AU in an iframe as an LMS player does.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { unzipSync } from 'fflate';
import type { PackageHandle } from '../../lms-packages/runtime/launch.js';
import type { Model } from '../../src/model/types.js';
import type { Statement } from '../../src/tracking/types.js';
import type { LaunchRequest, LaunchResult, SessionLog } from '../cmi5/cmi5-lms.js';
import { launchSco } from './scorm-harness.js';

export type { LaunchRequest, LaunchResult, SessionLog };

const CMI5_NS = 'https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd';

export interface Au {
  id: string;
  url: string;
  moveOn: string;
  masteryScore?: number;
  launchParameters?: string;
}

export interface Cmi5Package {
  files: Record<string, Uint8Array>;
  text(name: string): string;
  aus: Au[];
  model: Model;
}

/** Downloads a package zip and reads its AUs from cmi5.xml, as an LMS import does. */
export async function fetchCmi5Package(model: string): Promise<Cmi5Package> {
  const response = await fetch(`/__pathway/packages/${model}/cmi5.zip`);
  if (!response.ok) throw new Error(`package ${model}/cmi5: ${response.status} ${await response.text()}`);
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
  const text = (name: string) => new TextDecoder().decode(files[name]);
  const course = new DOMParser().parseFromString(text('cmi5.xml'), 'application/xml');
  if (course.getElementsByTagName('parsererror').length > 0) throw new Error('cmi5.xml is not well-formed');
  const aus = [...course.getElementsByTagNameNS(CMI5_NS, 'au')].map((au) => {
    const mastery = au.getAttribute('masteryScore');
    const params = au.getElementsByTagNameNS(CMI5_NS, 'launchParameters')[0]?.textContent;
    return {
      id: au.getAttribute('id')!,
      url: au.getElementsByTagNameNS(CMI5_NS, 'url')[0]!.textContent!.trim(),
      moveOn: au.getAttribute('moveOn') ?? 'NotApplicable',
      ...(mastery !== null ? { masteryScore: Number(mastery) } : {}),
      ...(params ? { launchParameters: params } : {}),
    };
  });
  return { files, text, aus, model: JSON.parse(text('model.json')) as Model };
}

export const lmsLaunch = (request: LaunchRequest) => executeServerCommand('pathway-cmi5-launch', request) as Promise<LaunchResult>;
export const lmsLog = (key: string) => executeServerCommand('pathway-cmi5-log', { key }) as Promise<SessionLog>;
export const lrsStatements = (registration: string) => executeServerCommand('pathway-cmi5-statements', { registration }) as Promise<Statement[]>;
export const lmsDocuments = (registration: string) => executeServerCommand('pathway-cmi5-documents', { registration }) as Promise<Record<string, unknown>>;
export const lrsOutage = (offline: boolean) => executeServerCommand('pathway-cmi5-outage', { offline });

/** The AU's address as the LMS builds it: the package URL with the launch query merged in (§13.1.4). */
export function auAddress(model: string, format: 'cmi5' | 'xapi', url: string, query: string): string {
  const address = new URL(`/__pathway/packages/${model}/${format}/${url}`, location.href);
  for (const [name, value] of new URLSearchParams(query)) address.searchParams.set(name, value);
  return address.pathname + address.search;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Launches the AU in a frame (error notices become a thrown error, as with SCORM). */
export const launchAu = (address: string) => launchSco(address, 60_000);

/** Loads a page in a new frame and returns the first error notice it shows. */
export async function launchError(address: string): Promise<{ frame: HTMLIFrameElement; message: string }> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 900px; height: 400px';
  frame.src = address;
  document.body.append(frame);
  const message = await waitFor('an error notice', () => frame.contentDocument?.querySelector('.pathway-notice[data-kind="error"]')?.textContent ?? undefined);
  return { frame, message };
}

/** Reloads the AU's frame (the learner presses F5) and waits for the package to start again. */
export async function reload(frame: HTMLIFrameElement): Promise<{ win: Window; handle: PackageHandle }> {
  const before = frame.contentWindow as Window & { pathwayPackage?: PackageHandle };
  await new Promise<void>((resolve) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    before.location.reload();
  });
  const win = frame.contentWindow as Window & { pathwayPackage?: PackageHandle };
  const handle = await waitFor('the reloaded package', () => {
    const error = win.document.querySelector('.pathway-notice[data-kind="error"]');
    if (error) throw new Error(`the reloaded package shows an error: ${error.textContent}`);
    return win.pathwayPackage;
  });
  return { win, handle };
}

/** The verb's last path segment (initialized, answered, assessed…). */
export const verbOf = (s: Statement) => s.verb.id.split('/').pop()!;
export const categoriesOf = (s: Statement) => (s.context?.contextActivities?.category ?? []).map((a) => a.id);
