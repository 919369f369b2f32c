/** A connection (or open transaction) that runs SQL. */
export interface Queryable {
	/** One statement with $1… parameters; parameters are sent as text and cast in SQL. */
	query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
	/** Several statements, no parameters (migrations, scripts). */
	exec(sql: string): Promise<void>;
}

/** The database behind the embedded Supabase layer: PGlite in-process or a PostgreSQL server. */
export interface Db extends Queryable {
	readonly kind: 'pglite' | 'postgres';
	/** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
	transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}

/** Every connection resolves PostGIS names through schema extensions, as Supabase's roles do. */
export const SEARCH_PATH = 'public, extensions';
