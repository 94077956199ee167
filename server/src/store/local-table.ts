/**
 * One table of the local database, defined next to the queries that use it. `steps` is append-only:
 * a new column is a new step, never an edit of an old one. The local database applies each table's
 * pending steps the first time a part asks for the table (LocalDb.use).
 */
export interface LocalTable {
  readonly name: string;
  readonly steps: readonly string[];
}
