/**
 * The insights store's SQL, written once for DuckDB and PostgreSQL: the same text runs on both
 * (positional `$n` parameters, standard types, `ON CONFLICT`, window functions). A warehouse or an
 * LRS's own PostgreSQL can hold the same `pathway_facts` table and run these queries in place.
 *
 * One row per statement (`pathway_facts`): evidence (`answer`), attempt ends (`finish`), opt-outs and
 * opt-ins (`consent`, `response` "out" or "in") and voiding statements (`void`), as `extractFact` reads them (src/insights/evidence/read.ts).
 */
import type { Fact } from '../evidence/read.js';

export const FACT_COLUMNS = [
  'id', 'kind', 'stored', 'voids', 'person', 'person_name', 'rater', 'rater_key', 'registration', 'ts', 'seq',
  'object', 'response', 'not_applicable', 'model_version', 'role_current', 'role_target', 'stop_reason', 'request',
] as const;

export const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS pathway_facts (
    id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    stored VARCHAR NOT NULL,
    voids VARCHAR,
    person VARCHAR,
    person_name VARCHAR,
    rater VARCHAR,
    rater_key VARCHAR,
    registration VARCHAR,
    ts VARCHAR,
    seq INTEGER,
    object VARCHAR,
    response VARCHAR,
    not_applicable BOOLEAN,
    model_version VARCHAR,
    role_current VARCHAR,
    role_target VARCHAR,
    stop_reason VARCHAR,
    request VARCHAR
  )`,
  // Stores made before rater requests were tracked get the column (DuckDB and PostgreSQL both know IF NOT EXISTS).
  `ALTER TABLE pathway_facts ADD COLUMN IF NOT EXISTS request VARCHAR`,
  // Statements skipped when read, once per statement id (an overlapping re-read does not count twice).
  `CREATE TABLE IF NOT EXISTS pathway_skipped (id VARCHAR PRIMARY KEY, reason VARCHAR NOT NULL)`,
  // Where each source's sync stands.
  `CREATE TABLE IF NOT EXISTS pathway_sync (source VARCHAR PRIMARY KEY, watermark VARCHAR)`,
  // Fused profiles kept between reports, one per model version and person: \`fused\` (JSON: the profile
  // and what fusing it skipped) is reused while the person's \`digest\` and the \`fusion\` key (the
  // model's content, the engine's version, the roster) are unchanged.
  `CREATE TABLE IF NOT EXISTS pathway_fused (
    model VARCHAR NOT NULL,
    person VARCHAR NOT NULL,
    fusion VARCHAR NOT NULL,
    digest VARCHAR NOT NULL,
    fused VARCHAR NOT NULL,
    PRIMARY KEY (model, person)
  )`,
  // Per model version, what the last complete set of fused profiles was made from: the fusion key, the
  // number of facts and of skipped statements then, how many people were fused, and the store's skip
  // counts. Facts and skips are only ever added, so while both counts stand nothing a report reads has
  // changed, and the profiles are read as stored without scanning the facts again (InsightsStore.profiles).
  `CREATE TABLE IF NOT EXISTS pathway_fused_state (
    model VARCHAR PRIMARY KEY,
    fusion VARCHAR NOT NULL,
    facts BIGINT NOT NULL,
    skipped BIGINT NOT NULL,
    people BIGINT NOT NULL,
    skips VARCHAR NOT NULL
  )`,
];

/** A fact as a row in `FACT_COLUMNS` order (null for what it does not have). */
export function factRow(f: Fact): (string | number | boolean | null)[] {
  return [
    f.id, f.kind, f.stored, f.voids ?? null, f.person ?? null, f.personName ?? null, f.rater ?? null, f.raterKey ?? null,
    f.registration ?? null, f.timestamp ?? null, f.sequence ?? null, f.object ?? null, f.response ?? null,
    f.notApplicable ?? null, f.modelVersion ?? null, f.currentRole ?? null, f.targetRole ?? null, f.stopReason ?? null,
    f.request ?? null,
  ];
}

/** Facts not voided by a voiding statement in the table. */
const LIVE = `SELECT f.* FROM pathway_facts f
  WHERE f.kind <> 'void' AND NOT EXISTS (SELECT 1 FROM pathway_facts v WHERE v.kind = 'void' AND v.voids = f.id)`;

/** Separators of the packed answers below: control characters no valid answer field contains. */
export const FIELD_SEPARATOR = '\u001f';
export const RECORD_SEPARATOR = '\u001e';
/** The fields of one packed answer, in order. */
export const ANSWER_FIELDS = ['id', 'stored', 'registration', 'ts', 'seq', 'object', 'response', 'not_applicable', 'person_name'] as const;
const PACKED = `id || chr(31) || stored || chr(31) || registration || chr(31) || ts || chr(31) || CAST(seq AS VARCHAR) || chr(31) || object
  || chr(31) || response || chr(31) || CASE WHEN not_applicable THEN '1' ELSE '' END || chr(31) || COALESCE(person_name, '')`;

/**
 * Every live answer of one model version ($1) and item IRI prefix ($2, e.g. `https://…/items/%`), one
 * row per person, rater and rater key, ordered by person: `n` answers packed into `answers` (fields
 * ANSWER_FIELDS joined by chr(31), answers by chr(30), in no particular order). Packing makes the
 * database build the few long strings and the client read one row per rater instead of one value per
 * field and answer (the bulk of the time otherwise). Fusion applies "the latest answer per item counts"
 * (the engine's rule, the same code as for the in-memory reader), so repeats cost only their bytes here.
 */
export const RATER_ANSWERS = `WITH live AS (${LIVE})
SELECT person, rater, rater_key, COUNT(*) AS n, string_agg(${PACKED}, chr(30)) AS answers
FROM live WHERE kind = 'answer' AND model_version = $1 AND object LIKE $2 AND person BETWEEN $3 AND $4
GROUP BY person, rater, rater_key
ORDER BY person, rater, rater_key`;

/**
 * The people with answers of one model version ($1, $2 as above), in order, each with a digest of
 * their evidence: how many answers and attempt ends of that version the table holds for them (`n`) and
 * how many of those are voided. Facts are only ever added, and a voided one stays voided, so any
 * change to what fusing a person reads changes one of the two: a stored fused profile with the same
 * digest is still that person's. `RATER_ANSWERS` then reads the people to fuse a slice at a time ($3 to
 * $4), so the database holds one slice's packed answers, not all of them.
 */
export const PEOPLE = `SELECT f.person, COUNT(*) AS n, COUNT(v.voids) AS voided, SUM(CASE WHEN f.kind = 'answer' THEN 1 ELSE 0 END) AS answers
FROM pathway_facts f LEFT JOIN (SELECT DISTINCT voids FROM pathway_facts WHERE kind = 'void') v ON v.voids = f.id
WHERE f.model_version = $1 AND ((f.kind = 'answer' AND f.object LIKE $2) OR f.kind = 'finish')
GROUP BY f.person
ORDER BY f.person`;

/** The stored fused profiles of one model version ($1, `<id>@<version>`). */
export const FUSED = `SELECT person, fusion, digest, fused FROM pathway_fused WHERE model = $1`;

/** Stores `rows` fused profiles (model, person, fusion, digest, fused), replacing the person's older one. */
export function upsertFused(rows: number): string {
  const values = Array.from({ length: rows }, (_, r) => `($${r * 5 + 1}, $${r * 5 + 2}, $${r * 5 + 3}, $${r * 5 + 4}, $${r * 5 + 5})`);
  return `INSERT INTO pathway_fused (model, person, fusion, digest, fused) VALUES ${values.join(', ')}
ON CONFLICT (model, person) DO UPDATE SET fusion = excluded.fusion, digest = excluded.digest, fused = excluded.fused`;
}

/** The live answers of one rater ($3 person, $4 rater, $5 rater key), for the rare group a separator inside a value made unreadable packed. */
export const ANSWERS_OF_RATER = `WITH live AS (${LIVE})
SELECT ${ANSWER_FIELDS.join(', ')} FROM live
WHERE kind = 'answer' AND model_version = $1 AND object LIKE $2 AND person = $3 AND rater = $4 AND rater_key = $5`;

/** People whose latest live opt-out/opt-in statement (by stored time, then id) is an opt-out; for every model. */
export const OPTED_OUT = `WITH live AS (${LIVE}),
ranked AS (
  SELECT person, response, ROW_NUMBER() OVER (PARTITION BY person ORDER BY stored DESC, id DESC) AS rn
  FROM live WHERE kind = 'consent'
)
SELECT person FROM ranked WHERE rn = 1 AND response = 'out'`;

/** Attempt ends of one model version ($1). */
export const FINISHES = `WITH live AS (${LIVE})
SELECT id, stored, person, rater, registration, ts, role_current, role_target, stop_reason
FROM live WHERE kind = 'finish' AND model_version = $1
ORDER BY person, ts, id`;

/** Why statements were left out for one model version ($1) and item prefix ($2): read-time skips, other models and versions, voided. */
export const SKIP_COUNTS = `SELECT reason, COUNT(*) AS n FROM pathway_skipped GROUP BY reason
UNION ALL SELECT 'other-model', COUNT(*) FROM pathway_facts WHERE kind = 'answer' AND object NOT LIKE $2
UNION ALL SELECT 'other-version', COUNT(*) FROM pathway_facts WHERE kind = 'answer' AND object LIKE $2 AND model_version <> $1
UNION ALL SELECT 'voided', COUNT(*) FROM pathway_facts f WHERE f.kind <> 'void' AND EXISTS (SELECT 1 FROM pathway_facts v WHERE v.kind = 'void' AND v.voids = f.id)`;

/**
 * Where each rater request stands, for every model: per request and rater place, per rater kind and
 * rater, whether they answered anything and whether they finished — never what they answered.
 */
export const REQUEST_PROGRESS = `WITH live AS (${LIVE})
SELECT request, person, rater, rater_key, MAX(CASE WHEN kind = 'finish' THEN 1 ELSE 0 END) AS finished, MAX(stored) AS last_stored
FROM live WHERE request IS NOT NULL AND kind IN ('answer', 'finish')
GROUP BY request, person, rater, rater_key
ORDER BY request, person, rater, rater_key`;

export const GET_WATERMARK = `SELECT watermark FROM pathway_sync WHERE source = $1`;
export const SET_WATERMARK = `INSERT INTO pathway_sync (source, watermark) VALUES ($1, $2)
ON CONFLICT (source) DO UPDATE SET watermark = excluded.watermark`;
export const INSERT_SKIP = `INSERT INTO pathway_skipped (id, reason) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`;
export const COUNT_FACTS = `SELECT COUNT(*) AS n FROM pathway_facts`;
/** How many facts and skipped statements the store holds: they only grow, so equal counts mean nothing was added. */
export const COUNT_STORE = `SELECT (SELECT COUNT(*) FROM pathway_facts) AS facts, (SELECT COUNT(*) FROM pathway_skipped) AS skipped`;
export const GET_FUSED_STATE = `SELECT fusion, facts, skipped, people, skips FROM pathway_fused_state WHERE model = $1`;
export const SET_FUSED_STATE = `INSERT INTO pathway_fused_state (model, fusion, facts, skipped, people, skips) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (model) DO UPDATE SET fusion = excluded.fusion, facts = excluded.facts, skipped = excluded.skipped, people = excluded.people, skips = excluded.skips`;

/** A multi-row insert of `rows` facts that keeps the first copy of each id. */
export function insertFacts(rows: number): string {
  const n = FACT_COLUMNS.length;
  const values = Array.from({ length: rows }, (_, r) => `(${FACT_COLUMNS.map((_, c) => `$${r * n + c + 1}`).join(', ')})`);
  return `INSERT INTO pathway_facts (${FACT_COLUMNS.join(', ')}) VALUES ${values.join(', ')} ON CONFLICT (id) DO NOTHING`;
}

/** Every statement id the store keeps (facts and skips), and the ids voided by a voiding fact: what `pathway insights sync --verify` compares with the LRS. */
export const KEPT_IDS = `SELECT id FROM pathway_facts UNION ALL SELECT id FROM pathway_skipped`;
export const VOIDED_IDS = `SELECT voids FROM pathway_facts WHERE kind = 'void'`;
