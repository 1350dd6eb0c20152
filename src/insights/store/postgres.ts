/** PostgreSQL through `pg` (a warehouse, or the database behind an SQL LRS): the same SQL as DuckDB. */
import { inTransaction, type SqlClient, type SqlValue } from './client.js';
import { FACT_COLUMNS, SCHEMA, insertFacts } from './sql.js';

/** The part of a `pg` Client the store uses (so `pg` stays an optional dependency). */
export interface PgLike {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}

/** PostgreSQL allows 65,535 parameters per statement. */
const ROWS_PER_INSERT = Math.floor(60_000 / FACT_COLUMNS.length);

export class PostgresClient implements SqlClient {
  private constructor(private readonly pg: PgLike) {}

  static async open(pg: PgLike): Promise<PostgresClient> {
    const client = new PostgresClient(pg);
    for (const statement of SCHEMA) await client.exec(statement);
    return client;
  }

  async exec(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.pg.query(sql, [...params]);
  }

  async query(sql: string, params: readonly SqlValue[] = []): Promise<Record<string, unknown>[]> {
    const { rows } = await this.pg.query(sql, [...params]);
    // COUNT(*) is a bigint, which pg returns as text.
    return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, k === 'n' ? Number(v) : v])));
  }

  /** All rows at once: add a server-side cursor (pg-cursor) here when a warehouse returns millions. */
  async *stream(sql: string, params: readonly SqlValue[] = []): AsyncIterable<Record<string, unknown>> {
    yield* await this.query(sql, params);
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction((sql) => this.exec(sql), 'BEGIN', work);
  }

  async insertFactRows(rows: readonly SqlValue[][]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      // Within one INSERT, PostgreSQL refuses a key twice even with ON CONFLICT: keep the first copy.
      const seen = new Set<SqlValue>();
      const unique = chunk.filter((r) => !seen.has(r[0]!) && seen.add(r[0]!));
      await this.exec(insertFacts(unique.length), unique.flat());
    }
  }

  async close(): Promise<void> {
    await this.pg.end();
  }
}
