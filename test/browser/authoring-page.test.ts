// The authoring page (demo/authoring/) in real Chromium, as an L&D author uses it: broken CSV sheets
// show each problem at its file, row and column with the row itself; the fixed sheets load; items are
// drafted from the behaviours (the worker's simulation then reports a non-empty peer form); the
// model's own modules, untagged, are aligned and merged; the CSV export imports back to the same model.
// Screenshots at 320, 375 and 1280 px go to test/screenshots/authoring-*.png, to be looked at.
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import { unzipSync } from 'fflate';
import { exportModel } from '../../src/authoring/export.js';
import { importFiles } from '../../src/authoring/import.js';
import type { Model } from '../../src/model/types.js';

const WIDTHS = [320, 375, 1280] as const;

interface Page {
  frame: HTMLIFrameElement;
  doc: Document;
  win: Window & typeof globalThis;
  /** What the page offered for download, by file name. */
  downloads: Map<string, Blob>;
}

async function openPage(): Promise<Page> {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 100%; height: 900px; border: 0; display: block';
  // 5 simulated learners instead of 60: enough to see the peer form, sooner on a loaded machine.
  frame.src = '/demo/authoring/index.html?learners=5';
  document.body.style.margin = '0';
  document.body.append(frame);
  await new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  const win = frame.contentWindow as Window & typeof globalThis;
  // Downloads are blob URLs clicked in an anchor: keep each blob by the anchor's file name instead.
  const downloads = new Map<string, Blob>();
  const blobs = new Map<string, Blob>();
  const create = win.URL.createObjectURL.bind(win.URL);
  win.URL.createObjectURL = (blob: Blob | MediaSource): string => {
    const url = create(blob);
    blobs.set(url, blob as Blob);
    return url;
  };
  win.HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement): void {
    if (this.download) downloads.set(this.download, blobs.get(this.href)!);
  };
  return { frame, doc: frame.contentDocument!, win, downloads };
}

/** Gives files to the page's "Choose files…" input, as the file picker would. */
function choose(page: Page, inputId: string, files: Record<string, string>): void {
  const transfer = new page.win.DataTransfer();
  for (const [name, text] of Object.entries(files)) transfer.items.add(new page.win.File([text], name, { type: 'text/csv' }));
  const input = page.doc.getElementById(inputId) as HTMLInputElement;
  input.files = transfer.files;
  input.dispatchEvent(new page.win.Event('change'));
}

const text = (page: Page, id: string): string => page.doc.getElementById(id)!.textContent ?? '';

/** At each width: the page does not scroll sideways, and a screenshot of the whole page. */
async function checkWidths(page: Page, name: string): Promise<void> {
  for (const width of WIDTHS) {
    await setViewport({ width, height: 900 });
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const root = page.doc.documentElement;
    expect(root.scrollWidth - root.clientWidth, `${name} at ${width} px: the page is wider than the window`).to.equal(0);
    // The frame as tall as its page (up to 4,000 px: beyond that the suggestions only repeat), so the
    // screenshot shows it all.
    page.frame.style.height = `${Math.min(root.scrollHeight, 4000)}px`;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    await executeServerCommand('pathway-screenshot', { name: `authoring-${name}-${width}` });
    page.frame.style.height = '900px';
  }
}

describe('authoring page', () => {
  it('imports CSV sheets, names each problem by file, row and column, drafts, aligns, merges and exports', async function () {
    this.timeout(180_000);
    const sample = (await (await fetch('/demo/models/people-leader.json')).json()) as Model;
    // The sample without its observer wording: peers would get an empty form until items are drafted.
    const bare: Model = { ...sample, items: sample.items.map((item) => (item.type === 'frequency' || item.type === 'anchored' ? (({ observerStem: _, ...rest }) => rest)(item) : item)) as Model['items'] };
    const sheets = exportModel(bare, 'csv');
    const page = await openPage();

    // 1. Broken sheets: the problem at its place, the row shown with the cell marked, nothing loaded.
    const broken = { ...sheets, 'competencies.csv': sheets['competencies.csv']!.replace('\r\nfeedback,,,,,,,,,,,2,', '\r\nfeedback,,,,,,,,,,,two,') };
    expect(broken['competencies.csv']).to.not.equal(sheets['competencies.csv']);
    choose(page, 'files', broken);
    await waitUntil(() => text(page, 'status').startsWith('Not loaded'), 'the broken sheets refused', { timeout: 30_000 });
    const problem = page.doc.querySelector('#problems li.error')!;
    expect(problem.textContent).to.include('competencies.csv, row 3, column L "level": expected a whole number, found "two"');
    expect(problem.querySelector('td.bad')!.textContent).to.equal('two');
    expect(page.doc.querySelector<HTMLButtonElement>('#draft')!.disabled, 'nothing loaded').to.equal(true);
    await checkWidths(page, 'problems');

    // 2. The fixed sheets load.
    choose(page, 'files', sheets);
    await waitUntil(() => text(page, 'status').startsWith('Loaded'), 'the sheets loaded', { timeout: 30_000 });
    expect(text(page, 'status')).to.include(`${sample.competencies.length} competencies`);
    expect(page.doc.querySelector('#problems li.error')).to.equal(null);
    await waitUntil(() => page.doc.querySelector('#simulation .figures'), 'the simulation figures', { timeout: 90_000 });
    const peerItems = (): number => Number(page.doc.querySelectorAll('#simulation .figure strong')[3]!.textContent);
    expect(peerItems(), 'no observer wording: an empty peer form').to.equal(0);

    // 3. Drafted items: observer wording arrives, and the simulation (in the worker) shows a peer form.
    page.doc.querySelector<HTMLButtonElement>('#draft')!.click();
    await waitUntil(() => /^Drafted \d+ items/.test(text(page, 'draft-status')), 'items drafted', { timeout: 30_000 });
    await waitUntil(() => page.doc.querySelector('#simulation .figures') && peerItems() > 0, 'a non-empty peer form', { timeout: 90_000 });
    const coverageRows = page.doc.querySelectorAll('#coverage tbody tr');
    expect(coverageRows.length).to.be.greaterThan(0);

    // 4. The model's own modules, untagged, aligned: suggestions with the words that matched; merged.
    page.doc.querySelector<HTMLButtonElement>('#catalogue-sample')!.click();
    await waitUntil(() => page.doc.querySelectorAll('#suggestions tbody tr').length === sample.modules.length, 'a row per module', { timeout: 30_000 });
    expect(page.doc.querySelector('#suggestions .matched')!.textContent).to.match(/^matched: \S/);
    const firsts = [...page.doc.querySelectorAll('#suggestions tbody tr')].map((row) => row.querySelector('input[type="checkbox"]')?.id);
    const right = sample.modules.filter((m, i) => m.develops.some((d) => firsts[i] === `s-${m.id}-${d.competency}`)).length;
    expect(right / sample.modules.length, 'first suggestions that are a true competency').to.be.greaterThan(0.7);
    await checkWidths(page, 'aligned');
    // The same modules in German, matched against the model's German texts (German stemmer).
    const languageSelect = page.doc.querySelector<HTMLSelectElement>('#catalogue-language')!;
    expect([...languageSelect.options].map((o) => o.value)).to.deep.equal(['en', 'de']);
    languageSelect.value = 'de';
    page.doc.querySelector<HTMLButtonElement>('#catalogue-sample')!.click();
    const germanTitle = (sample.modules[0]!.title as Record<string, string>)['de']!;
    await waitUntil(() => page.doc.querySelector('#suggestions tbody th')?.textContent === germanTitle && /^\d+ modules/.test(text(page, 'align-status')), 'the German catalogue aligned', { timeout: 30_000 });
    expect(text(page, 'align-status')).to.match(/^54 modules; [1-9]\d* first suggestions pass the auto-accept thresholds/);
    page.doc.querySelector<HTMLButtonElement>('#merge')!.click();
    await waitUntil(() => text(page, 'align-status').startsWith('Merged'), 'merged', { timeout: 30_000 });

    // 5. Export: the CSV sheets (a zip) import back to the model the page holds, drafts included.
    page.doc.querySelector<HTMLButtonElement>('[data-export="csv"]')!.click();
    await waitUntil(() => page.downloads.has('model-sheets.zip'), 'the sheets offered for download', { timeout: 30_000 });
    const zip = unzipSync(new Uint8Array(await page.downloads.get('model-sheets.zip')!.arrayBuffer()));
    const back = importFiles(Object.entries(zip).map(([name, bytes]) => ({ name, bytes })));
    expect(back.ok, back.problems.map((p) => p.message).join('\n')).to.equal(true);
    if (!back.ok) return;
    expect(back.model.items.length).to.be.greaterThan(bare.items.length);
    expect(back.model.items.some((i) => i.type === 'frequency' && i.observerStem !== undefined)).to.equal(true);
    page.doc.querySelector<HTMLButtonElement>('[data-export="json"]')!.click();
    await waitUntil(() => page.downloads.has('model.json'), 'the model JSON offered', { timeout: 30_000 });
    expect(JSON.parse(await page.downloads.get('model.json')!.text())).to.deep.equal(back.model);
    page.frame.remove();
  });
});
