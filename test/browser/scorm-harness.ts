/**
 * A small LMS for the SCORM browser tests: scorm-again (the LMS-side runtime) on this page as
 * `window.API` / `window.API_1484_11`, wrapped to record every call, and the package's SCO launched in
 * an iframe below it — the way an LMS player runs a package.
 */
import { unzipSync } from 'fflate';
import { Scorm12API, Scorm2004API } from 'scorm-again';
import type { PackageHandle } from '../../lms-packages/runtime/launch.js';
import { type Faults, type Recorder, recordLms } from '../../lms-packages/testing/lms-recorder.js';
import type { Model } from '../../src/model/types.js';

export type Format = 'scorm12' | 'scorm2004';
export type Cmi = Record<string, unknown>;
export const versionOf = (format: Format) => (format === 'scorm12' ? '1.2' : '2004') as '1.2' | '2004';

export interface UnzippedPackage {
  files: Record<string, Uint8Array>;
  text(name: string): string;
  manifest: Document;
  /** href of the SCO the default organisation's first item launches. */
  scoHref: string;
  model: Model;
}

const CP_NS: Record<Format, string> = { scorm12: 'http://www.imsproject.org/xsd/imscp_rootv1p1p2', scorm2004: 'http://www.imsglobal.org/xsd/imscp_v1p1' };
export const ADLCP_NS: Record<Format, string> = { scorm12: 'http://www.adlnet.org/xsd/adlcp_rootv1p2', scorm2004: 'http://www.adlnet.org/xsd/adlcp_v1p3' };

/** Downloads a package zip, unzips it and finds its SCO the way an LMS import does. */
export async function fetchPackage(model: string, format: Format): Promise<UnzippedPackage> {
  const response = await fetch(`/__pathway/packages/${model}/${format}.zip`);
  if (!response.ok) throw new Error(`package ${model}/${format}: ${response.status} ${await response.text()}`);
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
  const text = (name: string) => new TextDecoder().decode(files[name]);
  const manifest = new DOMParser().parseFromString(text('imsmanifest.xml'), 'application/xml');
  const ns = CP_NS[format];
  const organizations = manifest.getElementsByTagNameNS(ns, 'organizations')[0]!;
  const organization = [...manifest.getElementsByTagNameNS(ns, 'organization')].find((o) => o.getAttribute('identifier') === organizations.getAttribute('default'))!;
  const item = organization.getElementsByTagNameNS(ns, 'item')[0]!;
  const resource = [...manifest.getElementsByTagNameNS(ns, 'resource')].find((r) => r.getAttribute('identifier') === item.getAttribute('identifierref'))!;
  return { files, text, manifest, scoHref: resource.getAttribute('href')!, model: JSON.parse(text('model.json')) as Model };
}

export interface Lms {
  real: InstanceType<typeof Scorm12API> | InstanceType<typeof Scorm2004API>;
  recorder: Recorder;
  cmi(): Cmi;
}

/** Puts a fresh scorm-again LMS on this window, optionally seeded with earlier CMI data. */
export function installLms(format: Format, seed?: Cmi, faults?: Faults): Lms {
  uninstallLms();
  const real = format === 'scorm12' ? new Scorm12API({ logLevel: 5 }) : new Scorm2004API({ logLevel: 5 });
  if (seed) real.loadFromJSON(seed);
  const recorder = recordLms(versionOf(format), real, faults);
  (window as unknown as Record<string, unknown>)[format === 'scorm12' ? 'API' : 'API_1484_11'] = recorder.api;
  return { real, recorder, cmi: () => (real.renderCMIToJSONObject() as { cmi: Cmi }).cmi };
}

export function uninstallLms(): void {
  delete (window as unknown as Record<string, unknown>).API;
  delete (window as unknown as Record<string, unknown>).API_1484_11;
}

/** CMI data as the LMS hands it back on the next launch of a suspended attempt. */
export function resumeSeed(cmi: Cmi, format: Format): Cmi {
  return format === 'scorm12' ? { ...cmi, core: { ...(cmi.core as Cmi), entry: 'resume' } } : { ...cmi, entry: 'resume' };
}

export interface Launched {
  frame: HTMLIFrameElement;
  win: Window;
  handle: PackageHandle;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Launches a SCO in an iframe and waits until the package has connected to the LMS (or shows an error). */
export async function launchSco(url: string, timeoutMs = 30_000): Promise<Launched> {
  const frame = document.createElement('iframe');
  frame.title = 'Pathway package';
  frame.style.cssText = 'width: 900px; height: 600px; border: 1px solid';
  frame.src = url;
  document.body.append(frame);
  const started = performance.now();
  for (;;) {
    const win = frame.contentWindow as (Window & { pathwayPackage?: PackageHandle }) | null;
    const handle = win?.pathwayPackage;
    if (win && handle) return { frame, win, handle };
    const error = win?.document?.querySelector('.pathway-notice[data-kind="error"]');
    if (error) throw new Error(`the package shows an error: ${error.textContent}`);
    if (performance.now() - started > timeoutMs) throw new Error(`the package at ${url} did not start within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Unloads the SCO the way a learner leaving the page does (pagehide), and waits for it. */
export async function leave(frame: HTMLIFrameElement): Promise<void> {
  await new Promise<void>((resolve) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.src = 'about:blank';
  });
  frame.remove();
}

export const get = (cmi: Cmi, path: string): unknown => path.split('.').reduce<unknown>((v, key) => (v as Cmi | undefined)?.[key], cmi);
