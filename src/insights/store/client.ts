/** What the insights store needs of a SQL database: DuckDB (embedded, the default) or PostgreSQL. */
export type SqlValue = string | number | boolean | null;

export interface SqlClient {
  exec(sql: string, params?: readonly SqlValue[]): Promise<void>;
  query(sql: string, params?: readonly SqlValue[]): Promise<Record<string, unknown>[]>;
  /** The rows of a query a few at a time, for results too large to hold at once. */
  stream(sql: string, params?: readonly SqlValue[]): AsyncIterable<Record<string, unknown>>;
  /** Runs `work` in one transaction: all of it is stored, or none. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Inserts fact rows (FACT_COLUMNS order), keeping the first copy of each id. */
  insertFactRows(rows: readonly SqlValue[][]): Promise<void>;
  close(): Promise<void>;
}

/** Runs `work` between `begin` and COMMIT, rolling back when it throws. */
export async function inTransaction<T>(exec: (sql: string) => Promise<void>, begin: string, work: () => Promise<T>): Promise<T> {
  await exec(begin);
  try {
    const result = await work();
    await exec('COMMIT');
    return result;
  } catch (error) {
    await exec('ROLLBACK');
    throw error;
  }
}
