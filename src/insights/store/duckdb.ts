/** The embedded default: DuckDB through `@duckdb/node-api` (Node only; never bundled for browsers). */
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { inTransaction, type SqlClient, type SqlValue } from './client.js';
import { FACT_COLUMNS, SCHEMA } from './sql.js';

const plain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v);

/**
 * The shared schema without the primary key on `pathway_facts.id` (the one translation from sql.ts):
 * keeping DuckDB's index of a million random ids cost a third of storing them. No id is stored twice
 * all the same: each batch is moved from the stage table by an anti-join on id, inside the batch's
 * transaction, and DuckDB lets one process write a database file at a time. Stores made with the key
 * keep it; the anti-join never meets a conflict there either.
 */
const DUCKDB_SCHEMA = SCHEMA.map((statement) => (statement.includes('TABLE IF NOT EXISTS pathway_facts (') ? statement.replace('id VARCHAR PRIMARY KEY,', 'id VARCHAR NOT NULL,') : statement));

export class DuckDbClient implements SqlClient {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens (or creates) the database file; `:memory:` for a throwaway one. */
  static async open(path: string): Promise<DuckDbClient> {
    const instance = await DuckDBInstance.create(path);
    const client = new DuckDbClient(instance, await instance.connect());
    for (const statement of DUCKDB_SCHEMA) await client.exec(statement);
    // Rows are appended here first (fast), then moved by an anti-join on id (DUCKDB_SCHEMA).
    await client.exec(`CREATE TEMP TABLE IF NOT EXISTS pathway_facts_stage AS SELECT * FROM pathway_facts WITH NO DATA`);
    return client;
  }

  async exec(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.connection.run(sql, params.length > 0 ? [...params] : undefined);
  }

  async query(sql: string, params: readonly SqlValue[] = []): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql, params.length > 0 ? [...params] : undefined);
    return reader.getRowObjects().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])));
  }

  async *stream(sql: string, params: readonly SqlValue[] = []): AsyncIterable<Record<string, unknown>> {
    const result = await this.connection.stream(sql, params.length > 0 ? [...params] : undefined);
    const names = result.columnNames();
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      for (const row of chunk.getRowObjects(names)) yield Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)]));
    }
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return inTransaction((sql) => this.exec(sql), 'BEGIN TRANSACTION', work);
  }

  async insertFactRows(rows: readonly SqlValue[][]): Promise<void> {
    if (rows.length === 0) return;
    const appender: DuckDBAppender = await this.connection.createAppender('pathway_facts_stage', 'main', 'temp');
    for (const row of rows) {
      for (const value of row) {
        if (value === null) appender.appendNull();
        else if (typeof value === 'string') appender.appendVarchar(value);
        else if (typeof value === 'boolean') appender.appendBoolean(value);
        else appender.appendInteger(value);
      }
      appender.endRow();
    }
    appender.closeSync();
    const columns = FACT_COLUMNS.join(', ');
    await this.exec(`INSERT INTO pathway_facts (${columns}) SELECT DISTINCT ON (id) ${columns} FROM pathway_facts_stage s
      WHERE NOT EXISTS (SELECT 1 FROM pathway_facts f WHERE f.id = s.id)`);
    await this.exec('DELETE FROM pathway_facts_stage');
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
