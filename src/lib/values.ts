/**
 * Reading the values officials type in Excel: Vietnamese numbers ("1.234,5"), dates (dd/mm/yyyy,
 * Excel serial days, ISO), coordinates in decimal degrees or degrees-minutes-seconds, yes/no, and
 * category names with or without diacritics. Each reader returns a value or an error in words.
 */

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = <T>(reason: string): Read<T> => ({ ok: false, reason });

/** Lower case, no diacritics (đ → d), letters and digits only: "Số công nhân" → "socongnhan". */
export function fold(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9]/g, '');
}

/**
 * A number as written in Vietnam (1.234.567,8 — dot for thousands, comma for decimals) or in
 * English (1,234,567.8), or plain. A lone separator followed by exactly three digits is read as a
 * thousands separator ("1.234" = 1234), as Vietnamese spreadsheets write it.
 */
export function readNumber(raw: unknown): Read<number> {
	if (typeof raw === 'number') return Number.isFinite(raw) ? ok(raw) : bad('is not a finite number');
	const text = String(raw ?? '')
		.trim()
		.replace(/\s|\u00a0/g, '');
	if (text === '') return bad('is empty');
	if (!/^[+-]?[\d.,]+$/.test(text)) return bad(`"${raw}" is not a number`);
	const dots = (text.match(/\./g) ?? []).length;
	const commas = (text.match(/,/g) ?? []).length;
	let normal = text;
	if (dots && commas) {
		// The later separator is the decimal one.
		normal = text.lastIndexOf(',') > text.lastIndexOf('.') ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
	} else if (dots > 1 || commas > 1) {
		normal = text.replace(/[.,]/g, '');
	} else if (dots === 1 || commas === 1) {
		const [, after] = text.split(/[.,]/) as [string, string];
		normal = after.length === 3 ? text.replace(/[.,]/, '') : text.replace(',', '.');
	}
	const value = Number(normal);
	return Number.isFinite(value) ? ok(value) : bad(`"${raw}" is not a number`);
}

/** A whole number ≥ 0 (workers, rooms, people reached). */
export function readCount(raw: unknown): Read<number> {
	const n = readNumber(raw);
	if (!n.ok) return n;
	if (!Number.isInteger(n.value) || n.value < 0) return bad(`${n.value} is not a whole number ≥ 0`);
	return n;
}

const iso = (y: number, m: number, d: number): Read<string> => {
	const date = new Date(Date.UTC(y, m - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return bad(`${d}/${m}/${y} is not a date`);
	if (y < 2000 || y > 2100) return bad(`year ${y} is outside 2000–2100`);
	return ok(date.toISOString().slice(0, 10));
};

/** A date: dd/mm/yyyy (also with - or .), yyyy-mm-dd, an Excel serial day number or a Date. */
export function readDate(raw: unknown): Read<string> {
	if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? bad('is not a date') : iso(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
	if (typeof raw === 'number') {
		// Excel's day 1 is 1900-01-01 with its phantom 29/02/1900: serial 25569 is 1970-01-01.
		if (raw < 36526 || raw > 73415) return bad(`${raw} is not a date`);
		const date = new Date(Math.round((raw - 25569) * 86_400_000));
		return iso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
	}
	const text = String(raw ?? '').trim();
	if (text === '') return bad('is empty');
	let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(text);
	if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
	m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
	if (m) return iso(Number(m[3]), Number(m[2]), Number(m[1]));
	return bad(`"${text}" is not a date (write dd/mm/yyyy)`);
}

/**
 * A coordinate in degrees: decimal ("106.7", "106,7"), or degrees-minutes-seconds with an optional
 * hemisphere ("10°45'30\"N", "106 41 52.3 E"). South and west give negative values.
 */
export function readDegrees(raw: unknown): Read<number> {
	if (typeof raw === 'number') return Number.isFinite(raw) ? ok(raw) : bad('is not a number');
	const text = String(raw ?? '')
		.trim()
		.toUpperCase();
	if (text === '') return bad('is empty');
	if (/^[+-]?\d+([.,]\d+)?$/.test(text)) return ok(Number(text.replace(',', '.')));
	const m = /^([+-])?\s*(\d{1,3})\s*(?:°|º|D|\s)\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:'|′|M|\s)\s*)?(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:"|″|''|S)?\s*)?([NSEW])?$/.exec(
		text
	);
	if (!m) return bad(`"${raw}" is not a coordinate (decimal degrees or 10°45'30"N)`);
	const [, sign, d, min, sec, hemi] = m;
	const minutes = Number((min ?? '0').replace(',', '.'));
	const seconds = Number((sec ?? '0').replace(',', '.'));
	if (minutes >= 60 || seconds >= 60) return bad(`"${raw}": minutes and seconds must be below 60`);
	const value = Number(d) + minutes / 60 + seconds / 3600;
	return ok((sign === '-' || hemi === 'S' || hemi === 'W' ? -1 : 1) * value);
}

/** Yes/no in Vietnamese or English; empty means the default. */
export function readYesNo(raw: unknown, fallback: boolean): Read<boolean> {
	if (typeof raw === 'boolean') return ok(raw);
	const f = fold(String(raw ?? ''));
	if (f === '') return ok(fallback);
	if (['1', 'x', 'co', 'yes', 'true', 'dung', 'hoatdong', 'danghoatdong', 'active'].includes(f)) return ok(true);
	if (['0', 'khong', 'no', 'false', 'sai', 'ngung', 'ngunghoatdong', 'inactive'].includes(f)) return ok(false);
	return bad(`"${raw}" is not yes or no (có / không)`);
}

/**
 * A category by its code or by words of its Vietnamese or English name ("Hội nghị" → meeting).
 * `names` maps each code to the folded words that name it.
 */
export function readCategory(raw: unknown, names: Record<string, string[]>): Read<string> {
	const f = fold(String(raw ?? ''));
	if (f === '') return bad('is empty');
	for (const [code, words] of Object.entries(names)) {
		if (f === fold(code) || words.some((w) => f === w || f.includes(w))) return ok(code);
	}
	return bad(`"${raw}" is not one of: ${Object.keys(names).join(', ')}`);
}
