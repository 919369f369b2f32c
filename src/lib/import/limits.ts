/**
 * What an uploaded file may cost the server. A file is read in a worker thread with its own heap and a
 * time limit (upload.server.ts); these bounds refuse a hostile file before it costs that much: an
 * archive's declared sizes are checked before anything is inflated, and a table's width and cells
 * before it is widened.
 */

/** The largest upload (a 100,000-row Excel file of an official is about 6 MB). */
export const MAX_UPLOAD_BYTES = 30 * 1024 * 1024;
/** The most columns a table may have (an official's sheet has 5–20; Excel allows 16,384). */
export const MAX_COLUMNS = 200;
/** The most cells (data rows × columns) a table may have. */
export const MAX_CELLS = 4_000_000;
/** The most bytes an archive (.xlsx, .kmz, zipped Shapefile) may inflate to, all entries together. */
export const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;
/** The most entries an archive may hold. */
export const MAX_ZIP_ENTRIES = 10_000;
/** How long reading one file may take. */
export const PARSE_TIMEOUT_MS = 60_000;
/** The heap of the worker that reads a file. */
export const PARSE_HEAP_MB = 768;
/** Files read at once; more uploads wait their turn. */
export const PARSE_CONCURRENCY = 2;

/** Megabytes, for messages. */
export const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
