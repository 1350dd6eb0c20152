/** The embedded default: DuckDB through `@duckdb/node-api` (Node only; never bundled for browsers). */
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { inTransaction, type SqlClient, type SqlValue } from './client.js';
import { FACT_COLUMNS, SCHEMA } from './sql.js';

const plain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v);

export class DuckDbClient implements SqlClient {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens (or creates) the database file; `:memory:` for a throwaway one. */
  static async open(path: string): Promise<DuckDbClient> {
    const instance = await DuckDBInstance.create(path);
    const client = new DuckDbClient(instance, await instance.connect());
    for (const statement of SCHEMA) await client.exec(statement);
    // Rows are appended here first (fast), then moved with the same ON CONFLICT rule as everywhere.
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
    await this.exec(`INSERT INTO pathway_facts (${columns}) SELECT DISTINCT ON (id) ${columns} FROM pathway_facts_stage ON CONFLICT (id) DO NOTHING`);
    await this.exec('DELETE FROM pathway_facts_stage');
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
