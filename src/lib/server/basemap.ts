/**
 * The installed offline basemap: one PMTiles file (vector tiles) in BASEMAP_DIR (default
 * DATA_DIR/basemap), checked before it replaces the current one, its tiles served to the maps by
 * /basemap/tiles/{z}/{x}/{y}. Nothing is fetched from a network: the file is the whole basemap.
 *
 * An install is all or nothing: the file is checked where it was written, then moved into place
 * with one rename, and its description (basemap.json) likewise; a failed check leaves the current
 * basemap as it was.
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Compression, PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
// Relative imports: the CLI (tsx, no SvelteKit aliases) installs basemaps too.
import { layerRole, type InstalledBasemap } from '../map/installed-basemap';
import { VIETNAM_BOUNDS } from '../map/basemap';
import { fill, messages, type Locale, type Problem } from '../i18n/messages';

/** What the admin page shows about the installed file. */
export interface BasemapInfo extends InstalledBasemap {
	/** The file in BASEMAP_DIR. */
	file: string;
	bytes: number;
	installedAt: string;
	installedBy: string | null;
}

/** Why a file cannot be the basemap: a code the page translates, with what it found. */
export class BasemapError extends Error {
	constructor(
		readonly code: 'notPmtiles' | 'specVersion' | 'notVector' | 'compression' | 'noLayers' | 'outsideVietnam' | 'noTiles',
		readonly params: Record<string, string | number> = {}
	) {
		super(`${code} ${JSON.stringify(params)}`);
	}

	/** The refusal as a message key with its parameters (the admin page translates it). */
	problem(): Problem {
		const { detail, ...rest } = this.params;
		return { key: `basemap_${this.code}`, params: { ...rest, detail: detail ? ` (${detail})` : '' } };
	}

	/** The refusal in user words. */
	text(locale: Locale): string {
		const { key, params } = this.problem();
		return fill(messages[locale][key], params);
	}
}

/** Reads byte ranges of a file on this machine (pmtiles' own FileSource is the browser's File). */
class NodeFileSource implements Source {
	constructor(
		private readonly handle: FileHandle,
		private readonly key: string
	) {}
	getKey() {
		return this.key;
	}
	async getBytes(offset: number, length: number): Promise<RangeResponse> {
		const buffer = Buffer.alloc(length);
		const { bytesRead } = await this.handle.read(buffer, 0, length, offset);
		return { data: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + bytesRead) as ArrayBuffer };
	}
}

const INFO = 'basemap.json';

const COMPRESSION_NAMES: Record<number, string> = {
	[Compression.Unknown]: 'unknown',
	[Compression.None]: 'none',
	[Compression.Gzip]: 'gzip',
	[Compression.Brotli]: 'brotli',
	[Compression.Zstd]: 'zstd'
};

/**
 * Checks that a file is a basemap this app can draw: a PMTiles v3 archive of vector tiles (gzip or
 * uncompressed), with its layers listed, covering part of Vietnam. Returns what the maps need.
 */
export async function inspectBasemap(path: string, name = basename(path)): Promise<Omit<BasemapInfo, 'installedAt' | 'installedBy' | 'version' | 'file'>> {
	const handle = await open(path, constants.O_RDONLY);
	try {
		const { size } = await handle.stat();
		const magic = Buffer.alloc(7);
		await handle.read(magic, 0, 7, 0);
		if (size < 127 || magic.toString('latin1') !== 'PMTiles') throw new BasemapError('notPmtiles');
		const archive = new PMTiles(new NodeFileSource(handle, path));
		const header = await archive.getHeader();
		if (header.specVersion !== 3) throw new BasemapError('specVersion', { found: header.specVersion });
		if (header.tileType !== TileType.Mvt) throw new BasemapError('notVector');
		for (const compression of [header.tileCompression, header.internalCompression]) {
			if (compression !== Compression.None && compression !== Compression.Gzip) {
				throw new BasemapError('compression', { found: COMPRESSION_NAMES[compression] ?? String(compression) });
			}
		}
		const bounds: [number, number, number, number] = [header.minLon, header.minLat, header.maxLon, header.maxLat];
		const [[w, s], [e, n]] = VIETNAM_BOUNDS;
		if (bounds[2] < w || bounds[0] > e || bounds[3] < s || bounds[1] > n) {
			throw new BasemapError('outsideVietnam', { bounds: bounds.map((v) => v.toFixed(2)).join(', ') });
		}
		if (header.numAddressedTiles === 0) throw new BasemapError('noTiles');
		const metadata = ((await archive.getMetadata()) ?? {}) as { name?: unknown; attribution?: unknown; vector_layers?: unknown };
		const vectorLayers = Array.isArray(metadata.vector_layers) ? metadata.vector_layers : [];
		const layers = vectorLayers
			.map((layer) => (layer && typeof layer === 'object' && typeof (layer as { id?: unknown }).id === 'string' ? (layer as { id: string }).id : null))
			.filter((id): id is string => id !== null)
			.map((id) => ({ id, role: layerRole(id) }));
		if (layers.length === 0) throw new BasemapError('noLayers');
		// The attribution is shown on every map: plain text only (some files carry HTML links).
		const attribution = typeof metadata.attribution === 'string' ? metadata.attribution.replace(/<[^>]*>/g, '').slice(0, 300) : '';
		return {
			name: name.slice(0, 200),
			minZoom: header.minZoom,
			maxZoom: header.maxZoom,
			bounds,
			attribution: attribution || name,
			layers,
			bytes: size
		};
	} catch (e) {
		if (e instanceof BasemapError) throw e;
		// pmtiles throws plain Errors for a damaged archive (wrong magic, truncated directory…).
		throw new BasemapError('notPmtiles', { detail: (e as Error).message.slice(0, 200) });
	} finally {
		await handle.close();
	}
}

/**
 * Replaces the installed basemap with a checked file (the file itself is left where it was). Each
 * install has its own file name; writing basemap.json, which names it, is the moment it takes over.
 */
export async function installBasemap(dir: string, path: string, options: { name?: string; by?: string | null } = {}): Promise<BasemapInfo> {
	const found = await inspectBasemap(path, options.name);
	await mkdir(dir, { recursive: true });
	const version = `${Date.now().toString(36)}-${process.pid}`;
	const file = `basemap-${version}.pmtiles`;
	const incoming = join(dir, `${file}.part`);
	try {
		await copyFile(path, incoming);
		await rename(incoming, join(dir, file));
		const info: BasemapInfo = { ...found, version, file, installedAt: new Date().toISOString(), installedBy: options.by ?? null };
		await writeAtomically(join(dir, INFO), JSON.stringify(info, null, 1));
		await removeFilesBut(dir, file);
		return info;
	} catch (e) {
		await rm(incoming, { force: true });
		await rm(join(dir, file), { force: true });
		throw e;
	}
}

/** Goes back to the bundled outline basemap. */
export async function removeBasemap(dir: string): Promise<void> {
	await rm(join(dir, INFO), { force: true });
	await removeFilesBut(dir, null);
}

/** Deletes the basemap files that are not the one in use (older installs, interrupted copies). */
async function removeFilesBut(dir: string, keep: string | null) {
	const names = await readdir(dir).catch(() => [] as string[]);
	for (const name of names) {
		if (name.startsWith('basemap-') && name !== keep) await rm(join(dir, name), { force: true });
	}
}

async function writeAtomically(path: string, text: string) {
	const part = `${path}.${process.pid}.part`;
	const handle = await open(part, 'w');
	try {
		await handle.writeFile(text);
		await handle.sync();
	} finally {
		await handle.close();
	}
	await rename(part, path);
}

let opened: { dir: string; version: string; archive: PMTiles; handle: FileHandle } | null = null;

/** The installed basemap, or null (read again when basemap.json changes). */
export async function currentBasemap(dir: string): Promise<BasemapInfo | null> {
	const infoPath = join(dir, INFO);
	const stamp = await stat(infoPath).then(
		(s) => s.mtimeMs,
		() => null
	);
	if (stamp === null) return null;
	if (cachedInfo?.path === infoPath && cachedInfo.stamp === stamp) return cachedInfo.info;
	const info = JSON.parse(await readFile(infoPath, 'utf8')) as BasemapInfo;
	cachedInfo = { path: infoPath, stamp, info };
	return info;
}
let cachedInfo: { path: string; stamp: number; info: BasemapInfo } | null = null;

/** One tile of the installed basemap (uncompressed MVT bytes), or null where it has none. */
export async function basemapTile(dir: string, z: number, x: number, y: number): Promise<{ data: Uint8Array; version: string } | null> {
	const info = await currentBasemap(dir);
	if (!info) return null;
	if (!opened || opened.dir !== dir || opened.version !== info.version) {
		const previous = opened;
		const handle = await open(join(dir, info.file), constants.O_RDONLY);
		opened = { dir, version: info.version, archive: new PMTiles(new NodeFileSource(handle, `${dir}#${info.version}`)), handle };
		// Requests under way may still read the replaced file: close it a little later.
		if (previous) setTimeout(() => void previous.handle.close().catch(() => {}), 30_000).unref();
	}
	const tile = await opened.archive.getZxy(z, x, y);
	return tile ? { data: new Uint8Array(tile.data), version: info.version } : null;
}
