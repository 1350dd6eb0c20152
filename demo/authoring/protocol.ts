/** Messages between the authoring page and its worker (all heavy work runs in the worker). */
import type { SuggestionsFile } from '../../src/authoring/align.js';
import type { CoverageReport } from '../../src/authoring/coverage.js';
import type { LocatedProblem } from '../../src/authoring/located.js';
import type { Model } from '../../src/model/types.js';

export interface FileData {
  name: string;
  bytes: Uint8Array;
}

export type Request =
  | { id: number; kind: 'import'; files: FileData[] }
  | { id: number; kind: 'draft'; model: Model }
  | { id: number; kind: 'report'; model: Model; learners: number }
  | { id: number; kind: 'align'; model: Model; catalogue: FileData; language: string; previous?: SuggestionsFile }
  | { id: number; kind: 'accept'; model: Model; suggestions: SuggestionsFile }
  | { id: number; kind: 'export'; model: Model; format: 'csv' | 'case' | 'moodle' | 'json' };

/** A located problem with the cells of its spreadsheet row (and the header), to show it in place. */
export type ShownProblem = LocatedProblem & { cells?: string[]; headers?: string[] };

export interface SimulationFigures {
  learners: number;
  itemsMean: number;
  itemsP95: number;
  minutesMean: number;
  decidedShare: number;
  decidedRight: number;
  accuracy: number;
  blindSpotsFound: number | undefined;
  blindSpotCases: number;
  peerItems: number;
}

export type Response =
  | { id: number; kind: 'import'; ok: boolean; model?: Model; problems: ShownProblem[]; formats: string[] }
  | { id: number; kind: 'draft'; model: Model; added: number; problems: string[] }
  | { id: number; kind: 'report'; coverage: CoverageReport; simulation?: SimulationFigures; error?: string }
  | { id: number; kind: 'align'; suggestions?: SuggestionsFile; problems: LocatedProblem[] }
  | { id: number; kind: 'accept'; model?: Model; added: number; updated: number; problems: string[] }
  | { id: number; kind: 'export'; name: string; bytes: Uint8Array; type: string }
  /** A request the worker could not carry out (an unexpected error), with the error's message. */
  | { id: number; kind: 'failed'; message: string };
