/**
 * ZIP archives (.kmz, zipped Shapefiles, and the package of an .xlsx) read within limits: the central
 * directory is read first, and nothing is inflated unless the entries wanted declare no more than
 * MAX_UNZIPPED_BYTES together. Each entry inflates into a buffer of its declared size, so an entry
 * that lies about its size cannot grow past it (fflate writes no further).
 */
import { unzipSync } from 'fflate';
import { MAX_UNZIPPED_BYTES, MAX_ZIP_ENTRIES, mb } from './limits';
import { FileFormatError } from './errors';

export interface ZipEntryInfo {
	name: string;
	/** Declared inflated size in bytes. */
	size: number;
}

/** The entries of an archive as its central directory declares them (nothing is inflated). */
export function zipDirectory(bytes: Uint8Array, what: string): ZipEntryInfo[] {
	const entries: ZipEntryInfo[] = [];
	try {
		unzipSync(bytes, {
			filter: (f) => {
				entries.push({ name: f.name, size: f.originalSize });
				if (entries.length > MAX_ZIP_ENTRIES) throw new FileFormatError(`the ${what} holds more than ${MAX_ZIP_ENTRIES.toLocaleString('en')} files`);
				return false;
			}
		});
	} catch (e) {
		if (e instanceof FileFormatError) throw e;
		throw new FileFormatError(`not a readable ${what} (zip) file`);
	}
	return entries;
}

/** Refuses an archive whose wanted entries would inflate past the limit. */
export function checkInflatedSize(entries: ZipEntryInfo[], what: string): void {
	const total = entries.reduce((sum, e) => sum + e.size, 0);
	if (total > MAX_UNZIPPED_BYTES) {
		const largest = entries.reduce((a, b) => (b.size > a.size ? b : a));
		throw new FileFormatError(`the ${what} would unpack to ${mb(total)} (${largest.name}: ${mb(largest.size)}); at most ${mb(MAX_UNZIPPED_BYTES)} is read`);
	}
}

/** The entries `wanted` picks, inflated, after checking what they declare. */
export function unzipWanted(bytes: Uint8Array, what: string, wanted: (name: string) => boolean): Record<string, Uint8Array> {
	const picked = zipDirectory(bytes, what).filter((e) => wanted(e.name));
	checkInflatedSize(picked, what);
	const names = new Set(picked.map((e) => e.name));
	try {
		return unzipSync(bytes, { filter: (f) => names.has(f.name) });
	} catch {
		throw new FileFormatError(`not a readable ${what} (zip) file`);
	}
}
