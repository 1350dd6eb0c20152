// The authoring page's worker: import, drafting, coverage, simulation, alignment and export, off the
// page's thread so it stays responsive while a model of thousands of rows is checked.
import { zipSync } from 'fflate';
import { simulate } from '../../src/assessment/simulate.js';
import { alignCatalogue } from '../../src/authoring/align.js';
import { readCatalogue } from '../../src/authoring/catalogue.js';
import { coverageReport } from '../../src/authoring/coverage.js';
import { draftItems } from '../../src/authoring/draft.js';
import { exportModel } from '../../src/authoring/export.js';
import { importFiles } from '../../src/authoring/import.js';
import { acceptSuggestions, keepDecisions } from '../../src/authoring/review.js';
import { validateModel } from '../../src/model/load.js';
import { decodeText, parseCsv } from '../../src/authoring/csv.js';
import type { LocatedProblem } from '../../src/authoring/located.js';
import type { FileData, Request, Response, ShownProblem } from './protocol.js';

/** Each located CSV problem with the cells of its row, so the page can show the problem in place. */
function withRows(problems: LocatedProblem[], files: readonly FileData[]): ShownProblem[] {
  const tables = new Map<string, string[][]>();
  return problems.map((p) => {
    if (p.row === undefined || !/\.(csv|tsv|txt)$/i.test(p.file)) return p;
    if (!tables.has(p.file)) {
      const file = files.find((f) => f.name === p.file);
      const text = file ? decodeText(file.bytes) : undefined;
      const parsed = text?.ok ? parseCsv(text.text) : undefined;
      tables.set(p.file, parsed?.ok ? parsed.table.rows : []);
    }
    const rows = tables.get(p.file)!;
    const cells = rows[p.row - 1];
    return cells ? { ...p, cells: cells.map((c) => (c.length > 60 ? `${c.slice(0, 57)}…` : c)), headers: rows[0] } : p;
  });
}

const post = (response: Response, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(response, transfer);
const errors = (model: unknown): string[] => {
  const result = validateModel(model);
  return result.ok ? [] : result.problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`);
};

self.onmessage = async (event: MessageEvent<Request>): Promise<void> => {
  try {
    await handle(event.data);
  } catch (error) {
    post({ id: event.data.id, kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};

async function handle(request: Request): Promise<void> {
  switch (request.kind) {
    case 'import': {
      const result = importFiles(request.files);
      return post({ id: request.id, kind: 'import', ok: result.ok, ...(result.ok ? { model: result.model } : {}), problems: withRows(result.problems, request.files), formats: result.formats });
    }
    case 'draft': {
      const { model, added } = draftItems(request.model);
      return post({ id: request.id, kind: 'draft', model, added: added.length, problems: errors(model) });
    }
    case 'report': {
      const coverage = coverageReport(request.model);
      try {
        const report = simulate(request.model, { learners: request.learners, modes: ['adaptive'], observers: { peer: 3 }, seed: 1 });
        const m = report.modes[0]!;
        return post({
          id: request.id,
          kind: 'report',
          coverage,
          simulation: {
            learners: report.learners,
            itemsMean: m.items.mean,
            itemsP95: m.items.p95,
            minutesMean: m.minutes.mean,
            decidedShare: m.confident.share,
            decidedRight: m.confident.accuracy,
            accuracy: m.accuracy.overall,
            blindSpotsFound: m.blindSpot.detection,
            blindSpotCases: m.blindSpot.cases,
            peerItems: m.observerItems.peer,
          },
        });
      } catch (error) {
        return post({ id: request.id, kind: 'report', coverage, error: error instanceof Error ? error.message : String(error) });
      }
    }
    case 'align': {
      const catalogue = readCatalogue(request.catalogue.name, request.catalogue.bytes);
      if (!catalogue.ok) return post({ id: request.id, kind: 'align', problems: catalogue.problems });
      const fresh = await alignCatalogue(request.model, catalogue.entries, { language: request.language });
      return post({ id: request.id, kind: 'align', suggestions: keepDecisions(fresh, request.previous, request.model), problems: catalogue.problems });
    }
    case 'accept': {
      const result = acceptSuggestions(request.model, request.suggestions);
      const problems = errors(result.model);
      return post({ id: request.id, kind: 'accept', ...(problems.length ? {} : { model: result.model }), added: result.added.length, updated: result.updated.length, problems });
    }
    case 'export': {
      const encode = (s: string): Uint8Array => new TextEncoder().encode(s);
      if (request.format === 'json') return post({ id: request.id, kind: 'export', name: 'model.json', bytes: encode(`${JSON.stringify(request.model, null, 2)}\n`), type: 'application/json' });
      const files = exportModel(request.model, request.format);
      const names = Object.keys(files);
      if (names.length === 1) return post({ id: request.id, kind: 'export', name: names[0]!, bytes: encode(files[names[0]!]!), type: request.format === 'case' ? 'application/json' : 'text/csv' });
      const zip = zipSync(Object.fromEntries(names.map((n) => [n, encode(files[n]!)])));
      return post({ id: request.id, kind: 'export', name: 'model-sheets.zip', bytes: zip, type: 'application/zip' }, [zip.buffer]);
    }
  }
}
