import pg from 'pg';
import { SEARCH_PATH, type Db, type Queryable } from './types';

// Dates stay 'YYYY-MM-DD' strings instead of JavaScript Dates at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
	return {
		async query<R>(sql: string, params?: unknown[]) {
			const res = await client.query(sql, params);
			return { rows: res.rows as R[] };
		},
		async exec(sql: string) {
			await client.query(sql);
		}
	};
}

/** A pool on a PostgreSQL + PostGIS server (DATABASE_URL). */
export async function openPostgres(connectionString: string, max = 8): Promise<Db> {
	const pool = new pg.Pool({ connectionString, max, options: `-c search_path=${SEARCH_PATH.replace(' ', '')}` });
	// Fail at start, with the server's message, rather than on the first request.
	await pool.query('select 1');
	return {
		kind: 'postgres',
		...wrap(pool),
		async transaction(fn) {
			const client = await pool.connect();
			try {
				await client.query('begin');
				const result = await fn(wrap(client));
				await client.query('commit');
				return result;
			} catch (error) {
				await client.query('rollback').catch(() => undefined);
				throw error;
			} finally {
				client.release();
			}
		},
		close: () => pool.end()
	};
}
