/**
 * `pathway insights`: statements (an LRS or a file) into an insights database, and the report an L&D
 * analyst reads from it. DuckDB is the embedded store; the SQL also runs on PostgreSQL (docs/insights.md).
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Model } from '../../model/types.js';
import { resolveText } from '../../model/text.js';
import { parseRoster, RosterError } from '../../insights/evidence/roster.js';
import { StatementsFileError } from '../../insights/evidence/file.js';
import { parseRequests, requestStatuses, type RaterProgress } from '../../insights/evidence/requests.js';
import { RequestError, type RaterRequest } from '../../tracking/request.js';
import { readStatementsFile } from '../../insights/store/file-source.js';
import { LrsReadError, LrsStatementReader } from '../../insights/lrs/reader.js';
import { sync } from '../../insights/lrs/sync.js';
import { verify, type Verification } from '../../insights/lrs/verify.js';
import { DuckDbClient } from '../../insights/store/duckdb.js';
import { InsightsStore } from '../../insights/store/store.js';
import type { Person, PersonProfile, SkipCounts } from '../../insights/types.js';
import { LrsConfigError } from '../../tracking/lrs-client.js';
import { fsMessage, modelOrReport, table, UsageError } from '../io.js';
import { analyticsReport, analyticsText } from './insights-report.js';

export const usage = `pathway insights sync --db <insights.duckdb> (--lrs <endpoint> --auth <file> [--verify] | --statements <file>) [--model <model.json>]
pathway insights report --db <insights.duckdb> --model <model.json> [--team <roster.csv>] [--requests <file>] [--json | --csv]

sync     reads Pathway statements into the database: from an LRS incrementally (only what is new
         since the last sync; stop it at any time and run it again to resume), or from a file (a JSON
         array, an LRS statements page, or NDJSON). Statements already stored are not stored again.
         With --model, it then fuses the people whose evidence changed and stores their profiles, so
         that the next report for that model has little left to fuse.
report   fuses each person's evidence (self, manager, peers) per competency and prints the team
         figures for one model version. A person's stored profile is reused while their evidence,
         the model, Pathway's version and the roster are unchanged.

Options:
  --db <file>          the insights database (DuckDB; created when missing), required
  --lrs <endpoint>     the LRS's xAPI base URL, e.g. https://lrs.example.com/xapi/
  --auth <file>        a file holding the LRS credential: "Basic …" or "key:secret" (never printed or stored)
  --allow-http         allow a plain http:// LRS that is not on this machine
  --limit <n>          statements per request (default 500)
  --progress           print progress lines even when not on a terminal
  --verify             after the sync, read the LRS once more in full (same filter) and compare: how many
                       statements the database missed, and how many it holds that the LRS no longer has
  --statements <file>  statements from a file instead of an LRS
  --model <file>       the competency model (its id and version select the evidence); required by report
  --team <file>        roster CSV: person,name,team,manager,role,target role (only "person" is required);
                       only people on it are reported, and ratings from anyone it does not allow are skipped
  --requests <file>    rater requests (pathway-request/1: a JSON array, one request, or NDJSON) whose status
                       the report shows: who was asked, who has answered, who is still missing
  --json               the report as JSON (format "pathway-insights/1")
  --csv                one row per person and competency

Exit 0 on success, 1 when an input is invalid or the LRS fails, 2 on a usage error, 3 when --verify
finds that the database and the LRS differ.`;

const OPTIONS = {
  db: { type: 'string' },
  lrs: { type: 'string' },
  auth: { type: 'string' },
  'allow-http': { type: 'boolean' },
  limit: { type: 'string' },
  progress: { type: 'boolean' },
  verify: { type: 'boolean' },
  statements: { type: 'string' },
  model: { type: 'string' },
  team: { type: 'string' },
  requests: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>['values'];

export async function run(args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  const [action, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  if (action !== 'sync' && action !== 'report') throw new UsageError(action ? `unknown action "${action}" (sync or report)` : 'insights needs an action: sync or report');
  if (!values.db) throw new UsageError(`${action} needs the database: --db <insights.duckdb>`);
  return action === 'sync' ? syncCommand(values, out) : reportCommand(values, out);
}

/** The credential file as an Authorization header value. */
function readAuth(file: string): string {
  const text = readFileSync(file, 'utf8').trim();
  if (/^(Basic|Bearer) \S+$/.test(text)) return text;
  if (/^[^\s:]+:\S+$/.test(text)) return `Basic ${Buffer.from(text).toString('base64')}`;
  throw new UsageError(`${file} does not hold a credential: expected "Basic …", "Bearer …" or "key:secret" on one line`);
}

async function syncCommand(values: Values, out: (line: string) => void): Promise<number> {
  if (!values.lrs === !values.statements) throw new UsageError('sync reads either an LRS (--lrs <endpoint> --auth <file>) or a file (--statements <file>)');
  if (values.verify && !values.lrs) throw new UsageError('--verify compares the database with an LRS: give --lrs <endpoint> --auth <file>');
  let model: Model | undefined;
  if (values.model) {
    model = modelOrReport(values.model, out);
    if (!model) return 1;
  }
  const store = new InsightsStore(await DuckDbClient.open(values.db!));
  try {
    const code = await syncInto(store, values, out);
    if (code === 0 && model) {
      const { profiles } = await store.profiles(model);
      out(`Fused profiles of ${profiles.length} ${profiles.length === 1 ? 'person' : 'people'} stored for ${model.id} version ${model.version}.`);
    }
    return code;
  } finally {
    await store.sql.close();
  }
}

async function syncInto(store: InsightsStore, values: Values, out: (line: string) => void): Promise<number> {
  if (values.statements) return await syncFile(store, values.statements, out);
  if (!values.auth) throw new UsageError('an LRS needs a credential file: --auth <file>');
  let auth: string;
  try {
    auth = readAuth(values.auth);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    out(fsMessage(values.auth, error));
    return 1;
  }
  const limit = values.limit === undefined ? 500 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new UsageError(`--limit expects a whole number from 1 to 10000, not "${values.limit}"`);
  let reader: LrsStatementReader;
  try {
    reader = new LrsStatementReader({ endpoint: values.lrs!, auth, allowInsecure: values['allow-http'] ?? false });
  } catch (error) {
    if (error instanceof LrsConfigError) {
      out(error.message);
      return 1;
    }
    throw error;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  const progress = process.stderr.isTTY ? (line: string) => process.stderr.write(`\r${line}\u001b[K`) : values.progress ? (line: string) => process.stderr.write(`${line}\n`) : () => {};
  const before = await store.count();
  const source = new URL(values.lrs!).href;
  try {
    const result = await sync(reader, store.syncStore(source), {
      query: { limit },
      signal: controller.signal,
      onProgress: (p) => progress(`${p.pages} pages, ${p.read} statements read, ${p.added} new, up to ${p.watermark ?? '—'}`),
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    out(`Synced ${result.read} statements (${result.added} new) in ${result.pages} pages; the database holds ${before + result.added} facts, complete up to ${result.watermark ?? 'the start'}.`);
    if (!values.verify) return 0;
    const check = await verify(reader, store.verifiable(source), { query: { limit }, signal: controller.signal, onProgress: (read) => progress(`checking: ${read} statements read again`) });
    if (process.stderr.isTTY) process.stderr.write('\n');
    return verificationReport(check, values.db!, out);
  } catch (error) {
    if (process.stderr.isTTY) process.stderr.write('\n');
    if ((error as Error).name === 'AbortError') {
      out(`Stopped; everything read so far is stored. Run the same command again to resume.`);
      return 1;
    }
    if (error instanceof LrsReadError || error instanceof TypeError) {
      out(`The LRS could not be read: ${error.message}${error instanceof TypeError ? ` (${String((error as { cause?: unknown }).cause ?? '')})` : ''}. Everything read before is stored; run again to resume.`);
      return 1;
    }
    throw error;
  } finally {
    process.off('SIGINT', stop);
  }
}

/** The outcome of `--verify` in words an L&D admin can act on; 3 when the database and the LRS differ. */
function verificationReport(check: Verification, db: string, out: (line: string) => void): number {
  const examples = (ids: string[]) => (ids.length > 0 ? ` (for example ${ids.slice(0, 3).join(', ')})` : '');
  out(`Checked against a full read of the LRS: ${check.read} statements read again, ${check.kept} of them kept by Pathway.`);
  out(`  missed: ${check.missed.length} in the LRS up to ${check.watermark ?? 'now'} but not in the database${examples(check.missed)}`);
  out(`  extra:  ${check.extra.length} in the database but not in the LRS${examples(check.extra)}`);
  if (check.newer > 0) out(`  ${check.newer} stored in the LRS after this sync: the next sync reads them.`);
  if (check.missed.length === 0 && check.extra.length === 0) {
    out('The database holds exactly what the LRS holds: nothing missed, nothing extra.');
    return 0;
  }
  if (check.missed.length > 0)
    out(`The database misses statements: the LRS stored some with a "stored" time earlier than statements it had already returned, or skipped them. Sync again into a new database (--db another file) to read everything again; reports from ${db} leave these out until then.`);
  if (check.extra.length > 0)
    out('The database holds statements the LRS no longer returns: they were deleted from the LRS, or came from a statements file or another LRS synced into the same database.');
  return 3;
}

async function syncFile(store: InsightsStore, file: string, out: (line: string) => void): Promise<number> {
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (error) {
    out(fsMessage(file, error).replace('expected a model file (.json)', 'expected a statements file'));
    return 1;
  }
  const bad: string[] = [];
  let read = 0;
  let added = 0;
  try {
    ({ read, added } = await store.addStream(readStatementsFile(file, (line, message) => bad.push(`line ${line}: ${message}`))));
  } catch (error) {
    if (error instanceof StatementsFileError) {
      out(`${file}: ${error.message}`);
      return 1;
    }
    throw error;
  }
  for (const line of bad.slice(0, 10)) out(`${file}: not JSON, skipped: ${line}`);
  if (bad.length > 10) out(`${file}: … and ${bad.length - 10} more lines that are not JSON`);
  out(`Read ${read} statements from ${file} (${added} new facts${bad.length ? `, ${bad.length} lines not JSON` : ''}); the database holds ${await store.count()} facts.`);
  return 0;
}

async function reportCommand(values: Values, out: (line: string) => void): Promise<number> {
  if (!values.model) throw new UsageError('report needs the model: --model <model.json>');
  if (values.json && values.csv) throw new UsageError('choose one of --json and --csv');
  const model = modelOrReport(values.model, out);
  if (!model) return 1;
  let roster: Person[] | undefined;
  if (values.team) {
    try {
      roster = parseRoster(readFileSync(values.team, 'utf8'));
    } catch (error) {
      out(error instanceof RosterError ? `${values.team}: ${error.message}` : fsMessage(values.team, error));
      return 1;
    }
  }
  let requests: RaterRequest[] | undefined;
  if (values.requests) {
    try {
      requests = parseRequests(readFileSync(values.requests, 'utf8'));
    } catch (error) {
      out(error instanceof RequestError || error instanceof SyntaxError ? `${values.requests}: ${error.message}` : fsMessage(values.requests, error));
      return 1;
    }
  }
  try {
    statSync(values.db!);
  } catch (error) {
    out(`${fsMessage(values.db!, error)} Run "pathway insights sync --db ${values.db}" first.`);
    return 1;
  }
  const store = new InsightsStore(await DuckDbClient.open(values.db!));
  let result: { profiles: PersonProfile[]; history: PersonProfile[]; skipped: SkipCounts };
  let progress: RaterProgress[] = [];
  let optedOut = new Set<string>();
  try {
    result = await store.profiles(model, roster);
    if (requests) [progress, optedOut] = await Promise.all([store.requestProgress(), store.optedOut()]);
  } finally {
    await store.sql.close();
  }
  const { skipped } = result;
  const statuses = requests ? requestStatuses(requests, progress, { optedOut }) : undefined;
  const report = analyticsReport(model, result.profiles, roster, statuses, result.history);
  // Someone who opted out is in no aggregate and in no list an analyst sees: only their own profile shows them.
  const profiles = result.profiles.filter((p) => !p.optedOut);
  const hidden = result.profiles.length - profiles.length;
  if (values.json) {
    out(JSON.stringify({ format: 'pathway-insights/1', model: { id: model.id, version: model.version }, profiles, skipped, report }, null, 2));
    return 0;
  }
  if (values.csv) {
    out(csvRows(profiles).join('\n'));
    return 0;
  }
  out(`Insights for ${resolveText(model.title, model.language)} (${model.id}, version ${model.version}): ${profiles.length} ${profiles.length === 1 ? 'person' : 'people'}${hidden ? ` (${hidden} more opted out and are not shown or counted)` : ''}.`);
  out('');
  out(fusedTable(model, profiles));
  out('');
  out('Levels are fused from every rater\'s latest answers (self-ratings corrected for leniency); "~" marks a level');
  out('whose 90% interval is wider than one level. Sources: s = self, m = managers, p = peers.');
  out('');
  out(analyticsText(report));
  out('');
  const reasons = Object.entries(skipped).filter(([, n]) => n > 0);
  out(reasons.length === 0 ? 'Nothing was skipped.' : `Skipped: ${reasons.map(([r, n]) => `${n} ${r}`).join(', ')} (docs/insights.md explains each reason).`);
  return 0;
}

export function sourcesText(p: PersonProfile): string {
  return [p.sources.self ? 's' : '', p.sources.managers ? `${p.sources.managers}m` : '', p.sources.peers ? `${p.sources.peers}p` : ''].filter(Boolean).join(' ');
}

function fusedTable(model: Model, profiles: readonly PersonProfile[]): string {
  const headers = ['person', 'role', 'sources', ...model.competencies.map((c) => c.id)];
  const rows = profiles.map((p) => [
    p.person.name ?? p.person.id,
    p.person.role ?? '',
    sourcesText(p),
    ...model.competencies.map((c) => {
      const r = p.results.competencies.find((x) => x.competency === c.id);
      if (!r || r.responses === 0) return '';
      const wide = r.levelInterval90[1] - r.levelInterval90[0] > 1;
      return `${r.level.toFixed(1)}${wide ? '~' : ''}`;
    }),
  ]);
  return table(headers, rows);
}

const csvCell = (v: string | number | undefined): string => {
  const s = v === undefined ? '' : String(v);
  // A leading = + - @ would run as a formula in a spreadsheet: quote it as text.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

function csvRows(profiles: readonly PersonProfile[]): string[] {
  const header = ['person', 'name', 'team', 'role', 'target_role', 'competency', 'level', 'level_low', 'level_high', 'p_meets_current', 'p_meets_target', 'self_other', 'self', 'managers', 'peers', 'assessed_at'];
  const lines = [header.join(',')];
  for (const p of profiles)
    for (const r of p.results.competencies) {
      if (r.responses === 0) continue;
      lines.push(
        [p.person.id, p.person.name, p.person.team, p.person.role, p.person.targetRole, r.competency, r.level, r.levelInterval90[0], r.levelInterval90[1], r.current?.pMeets, r.target?.pMeets, r.selfOther?.flag, p.sources.self ? 1 : 0, p.sources.managers, p.sources.peers, p.assessedAt]
          .map(csvCell)
          .join(','),
      );
    }
  return lines;
}
