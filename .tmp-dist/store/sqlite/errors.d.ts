/** Turns SQLite failures into coded errors that say what to do, never a bare stack. */
export declare function mapSqliteError(e: unknown, path: string): unknown;
