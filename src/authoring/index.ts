/**
 * Authoring for L&D teams: import and export of competency models (CSV sheets, CASE 1.1, Moodle),
 * items drafted from behavioural indicators with a coverage report, and catalogue auto-alignment with
 * its review step. What the CLI and the authoring page use; the learner's elements never import it.
 */
export { importFiles, type ImportFile, type ImportResult } from './import.js';
export { exportModel, exportLosses, EXPORT_FORMATS, type ExportFormat } from './export.js';
export { templateSheets, sheetColumns, SHEET_FILES } from './sheets.js';
export { locatedLine, placeText, type LocatedProblem, type Place } from './located.js';
export { draftItems, draftSource, type DraftOptions, type DraftResult } from './draft.js';
export { coverageReport, type CoverageReport, type CompetencyCoverage } from './coverage.js';
export { readCatalogue, type CatalogueEntry, type CatalogueResult } from './catalogue.js';
export {
  alignCatalogue,
  ALIGN_DEFAULTS,
  type AlignOptions,
  type Embedder,
  type Method as AlignMethod,
  type Decision as AlignDecision,
  type Suggestion as AlignSuggestion,
  type ModuleSuggestions,
  type SuggestionsFile,
} from './align.js';
export { acceptSuggestions, keepDecisions, type AcceptResult } from './review.js';
