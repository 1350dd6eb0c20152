/**
 * Problems in imported files, located as an author finds them: the file, the spreadsheet row and
 * column (or the JSON path inside a JSON file), and what was expected. Model validation problems carry
 * paths into the assembled model; a SourceMap turns those back into the cell they came from.
 */
import type { Problem, Severity } from '../model/problems.js';
import { columnLetter } from './csv.js';

export interface Place {
  file: string;
  /** Spreadsheet row (the header is row 1). */
  row?: number;
  /** 1-based column index and its header. */
  column?: number;
  header?: string;
  /** JSON path inside a JSON file. */
  path?: string;
}

/** Where a spreadsheet row's fields are: the column of a field path below the row's entity. */
export type CellResolver = (suffix: string) => { column?: number; header: string } | undefined;

/** A row in the source map; its cells are found from the field path when a problem needs one. */
export interface MappedPlace extends Place {
  cells?: CellResolver;
}

export interface LocatedProblem extends Place {
  severity: Severity;
  message: string;
  /** Path into the assembled model, when the problem came from model validation. */
  modelPath?: string;
}

export function placeText(place: Place): string {
  const parts = [place.file];
  if (place.row !== undefined) parts.push(`row ${place.row}`);
  if (place.column !== undefined) parts.push(`column ${columnLetter(place.column)}${place.header ? ` "${place.header}"` : ''}`);
  else if (place.header) parts.push(`column "${place.header}"`);
  if (place.path) parts.push(place.path);
  return parts.join(', ');
}

export function locatedLine(problem: LocatedProblem): string {
  const model = problem.modelPath && problem.path !== problem.modelPath ? ` (model ${problem.modelPath})` : '';
  return `${problem.severity}  ${placeText(problem)}: ${problem.message}${model}`;
}

/** Where each part of an assembled model came from. */
export class SourceMap {
  private readonly places = new Map<string, MappedPlace>();

  set(modelPath: string, place: MappedPlace): void {
    if (!this.places.has(modelPath)) this.places.set(modelPath, place);
  }

  /** The place of a model path, or of its nearest mapped ancestor (down to the cell when it knows its cells). */
  find(modelPath: string): Place | undefined {
    for (let path = modelPath; ; ) {
      const found = this.places.get(path);
      if (found) {
        const { cells, ...place } = found;
        const cell = cells && path !== modelPath ? cells(modelPath.slice(path.length)) : undefined;
        return cell ? { ...place, ...cell } : place;
      }
      const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      if (cut <= 0) return undefined;
      path = path.slice(0, cut);
    }
  }

  /** Moves the entries of `list[i]…` to `list[to(i)]…` after a list was reordered. */
  renumber(list: string, to: (index: number) => number): void {
    const pattern = new RegExp(`^${list}\\[(\\d+)\\]`);
    const moved = [...this.places].map(([path, place]) => {
      const m = pattern.exec(path);
      return [m ? `${list}[${to(Number(m[1]))}]${path.slice(m[0].length)}` : path, place] as const;
    });
    this.places.clear();
    for (const [path, place] of moved) this.places.set(path, place);
  }

  /** A model validation problem, moved to the file, row and column it came from. */
  locate(problem: Problem, fallbackFile: string): LocatedProblem {
    const place = this.find(problem.path) ?? { file: fallbackFile, path: problem.path || undefined };
    return { ...place, severity: problem.severity, message: problem.message, modelPath: problem.path || undefined };
  }
}
