/**
 * `npm run cli -- <command> [options]`
 *
 *   backup FILE
 *       A consistent backup of the database: embedded (DATA_DIR), made by the running server when there
 *       is one; PostgreSQL (DATABASE_URL) with pg_dump's custom format.
 *   restore FILE
 *       Replaces the database with a backup (embedded: the server must be stopped; the previous database
 *       is kept beside it as pglite.before-restore-<time>; PostgreSQL: pg_restore --clean).
 *   create-admin --email EMAIL --password PASSWORD
 *       Creates an admin account (the first one, when DEMO=0 leaves the database without users), or
 *       makes an existing account an admin. Uses the server's configuration: the embedded backend
 *       (DATA_DIR, DATABASE_URL, DEMO), or a Supabase project (PUBLIC_SUPABASE_URL and
 *       SUPABASE_SERVICE_ROLE_KEY: the account is made through its auth admin API).
 *   install-basemap FILE [--name NAME]
 *       Installs an offline vector basemap (a PMTiles file: an OpenStreetMap extract of Vietnam or the
 *       province's own base map) for every map, slide and PDF; checked first, the current one kept if
 *       the file is refused. Into BASEMAP_DIR (default DATA_DIR/basemap); the running server picks it up.
 *   remove-basemap
 *       Back to the bundled outline basemap.
 *   hotspots --cells <in.geojson> --value <property> [--band-km <km>] --out <out.geojson>
 *       Getis-Ord Gi* (FDR-corrected classes) on cells; adds gi_z, gi_p, gi_class to each feature.
 *       Without --band-km the distance band is chosen automatically and printed.
 *   plan --demand <points.geojson> --weight <property> --candidates <points.geojson>
 *        --radius-km <km> --k <n> [--exact | --fast] --out <plan.json>
 *       Maximal covering location: where k teams cover the most demand weight within the radius.
 *
 * Bad input gets one line on stderr and exit code 2.
 */
import { parseArgs } from 'node:util';
import { UsageError, hotspotsCommand, planCommand } from './analysis-commands';

const USAGE = `usage:
  npm run cli -- backup FILE
  npm run cli -- restore FILE
  npm run cli -- create-admin --email EMAIL --password PASSWORD
  npm run cli -- install-basemap FILE [--name NAME]
  npm run cli -- remove-basemap
  npm run cli -- hotspots --cells <in.geojson> --value <property> [--band-km <km>] --out <out.geojson>
  npm run cli -- plan --demand <points.geojson> --weight <property> --candidates <points.geojson> --radius-km <km> --k <n> [--exact | --fast] --out <plan.json>`;

const OPTIONS = {
	backup: {},
	restore: {},
	'create-admin': { email: { type: 'string' }, password: { type: 'string' } },
	'install-basemap': { name: { type: 'string' } },
	'remove-basemap': {},
	hotspots: { cells: { type: 'string' }, value: { type: 'string' }, 'band-km': { type: 'string' }, out: { type: 'string' } },
	plan: {
		demand: { type: 'string' },
		weight: { type: 'string' },
		candidates: { type: 'string' },
		'radius-km': { type: 'string' },
		k: { type: 'string' },
		exact: { type: 'boolean' },
		fast: { type: 'boolean' },
		out: { type: 'string' }
	}
} as const;

async function createAdmin(values: { email?: string; password?: string }) {
	if (!values.email) throw new UsageError('--email is required');
	if (!values.password) throw new UsageError('--password is required');
	const [{ readConfig }, { serviceClient, ensureAccount, AccountError }] = await Promise.all([import('../src/lib/server/config'), import('./accounts')]);
	const service = await serviceClient(readConfig(process.env), process.env).catch((e: unknown) => {
		throw e instanceof AccountError ? new UsageError(e.message) : e;
	});
	try {
		const { created } = await ensureAccount(service.client, { email: values.email, password: values.password, role: 'admin', name: 'Administrator' });
		console.log(
			created
				? `admin ${values.email} created in ${service.where}; sign in at the app's /login`
				: `${values.email} already existed in ${service.where}: it is now an admin (its password is unchanged)`
		);
	} catch (e) {
		throw e instanceof AccountError ? new UsageError(e.message) : e;
	} finally {
		await service.close();
	}
}

/** pg_dump / pg_restore against DATABASE_URL; their own messages on failure. */
async function postgresTool(tool: 'pg_dump' | 'pg_restore', args: string[]) {
	const { spawnSync } = await import('node:child_process');
	const run = spawnSync(tool, args, { encoding: 'utf8' });
	if (run.error) throw new UsageError(`${tool} is needed for a PostgreSQL backup: ${run.error.message} (Debian: apt-get install postgresql-client)`);
	if (run.status !== 0) throw new UsageError(`${tool} failed: ${run.stderr.trim()}`);
}

async function backupCommand(command: 'backup' | 'restore', file: string | undefined, log: (line: string) => void) {
	if (!file) throw new UsageError(`${command}: name the file (npm run cli -- ${command} FILE)`);
	const [{ readConfig }, { backupDataDir, restoreDataDir }, { resolve }] = await Promise.all([
		import('../src/lib/server/config'),
		import('../src/lib/server/embedded/backup'),
		import('node:path')
	]);
	const config = readConfig(process.env);
	if (config.mode !== 'embedded') throw new UsageError(`${command}: a Supabase project is backed up by Supabase (dashboard → Database → Backups)`);
	const path = resolve(file);
	if (config.databaseUrl) {
		if (command === 'backup') await postgresTool('pg_dump', ['--format=custom', '--no-owner', `--file=${path}`, config.databaseUrl]);
		else await postgresTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${config.databaseUrl}`, path]);
		log(`${command === 'backup' ? 'backed up' : 'restored'} PostgreSQL (DATABASE_URL) ${command === 'backup' ? 'to' : 'from'} ${path}`);
	} else if (command === 'backup') {
		const how = await backupDataDir(config.dataDir, path);
		log(`backed up ${config.dataDir} to ${path} (${how})`);
	} else {
		const kept = await restoreDataDir(config.dataDir, path);
		log(`restored ${config.dataDir} from ${path}${kept ? `; the previous database is kept in ${kept}` : ''}`);
	}
}

async function basemapCommand(command: 'install-basemap' | 'remove-basemap', file: string | undefined, name: string | undefined, log: (line: string) => void) {
	const [{ readConfig }, { BasemapError, installBasemap, removeBasemap }, { resolve }] = await Promise.all([
		import('../src/lib/server/config'),
		import('../src/lib/server/basemap'),
		import('node:path')
	]);
	const { basemapDir } = readConfig(process.env);
	if (command === 'remove-basemap') {
		await removeBasemap(basemapDir);
		log(`basemap removed from ${basemapDir}: maps use the bundled outline basemap`);
		return;
	}
	if (!file) throw new UsageError('install-basemap: name the file (npm run cli -- install-basemap FILE.pmtiles)');
	try {
		const info = await installBasemap(basemapDir, resolve(file), { name, by: 'cli' });
		log(
			`basemap "${info.name}" installed in ${basemapDir}: ${info.layers.map((l) => `${l.id} (${l.role})`).join(', ')}; zooms ${info.minZoom}–${info.maxZoom}`
		);
	} catch (e) {
		if (e instanceof BasemapError) throw new UsageError(`install-basemap: ${e.text('en')}`);
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`install-basemap: no file ${resolve(file)}`);
		throw e;
	}
}

async function main(argv: string[]) {
	const [command, ...rest] = argv;
	if (!command || command === '--help' || command === '-h') {
		console.log(USAGE);
		return;
	}
	if (!(command in OPTIONS)) throw new UsageError(`unknown command "${command}"\n${USAGE}`);
	// A negative number after an option is its value ("--radius-km -3"), not another option.
	const args = rest.flatMap((a, i) =>
		/^-\d/.test(a) && rest[i - 1]?.startsWith('--') ? [] : /^--/.test(a) && /^-\d/.test(rest[i + 1] ?? '') ? [`${a}=${rest[i + 1]}`] : [a]
	);
	let values: Record<string, string | boolean | undefined>;
	let positionals: string[];
	try {
		const parsed = parseArgs({
			args,
			options: OPTIONS[command as keyof typeof OPTIONS],
			strict: true,
			allowPositionals: ['backup', 'restore', 'install-basemap'].includes(command)
		});
		values = parsed.values as typeof values;
		positionals = parsed.positionals;
	} catch (error) {
		throw new UsageError(`${command}: ${(error as Error).message}`);
	}
	const log = (line: string) => console.log(line);
	if (command === 'backup' || command === 'restore') await backupCommand(command, positionals[0], log);
	else if (command === 'install-basemap' || command === 'remove-basemap') await basemapCommand(command, positionals[0], values.name as string | undefined, log);
	else if (command === 'create-admin') await createAdmin(values as { email?: string; password?: string });
	else if (command === 'hotspots') hotspotsCommand(values as Parameters<typeof hotspotsCommand>[0], log);
	else await planCommand(values as Parameters<typeof planCommand>[0], log);
}

main(process.argv.slice(2)).catch((error: unknown) => {
	if (error instanceof UsageError || (error instanceof Error && !(error instanceof TypeError) && !(error instanceof ReferenceError))) {
		console.error(error.message);
		process.exit(2);
	}
	console.error(error);
	process.exit(1);
});
