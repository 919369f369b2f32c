/**
 * Does a free-text value look like personal data? Hotspot Atlas stores no names, ID numbers,
 * phones or addresses of victims (or of anyone): a label says "Dãy trọ số 12", an organiser
 * "Đồn Biên phòng Mộc Bài". Phone, ID and e-mail patterns are refused outright; a person's
 * honorific followed by a capitalised name, or a house address, is a warning the user must see.
 */

export interface PersonalData {
	/** Seen and never to be stored: what was found, e.g. "0912 345 678". */
	blocking: string[];
	/** Seen and probably personal: the user should reword. */
	warnings: string[];
}

// Vietnamese mobile and landline numbers (0 or +84 then 9–10 digits, spaced or dotted).
const PHONE = /(?:\+?84|0)(?:[\s.-]?\d){8,10}\b/g;
// Citizen ID (CCCD, 12 digits) and old ID card (CMND, 9 digits), passports (letter + 7 digits).
const ID_NUMBER = /\b(?:\d{12}|\d{9}|[A-Z]\d{7})\b/g;
// Each pattern below starts a match only where a run of its characters starts (a lookbehind), so a
// long run that is not a match is scanned once, not once per position: every check is linear in its
// input (a megabyte of digits or letters takes milliseconds; see personal.test.ts).
const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+/g;
// "ông Nguyễn Văn A", "chị Lan", "cháu Hoa", "bà Tư": an honorific then a capitalised word.
const PERSON = /(?:^|[\s,(])((?:ông|bà|anh|chị|cô|chú|cháu|em|bé|mr|mrs|ms)\.?\s+\p{Lu}[\p{L}]*(?:\s+\p{Lu}[\p{L}]*)*)/giu;
// "số nhà 12", "hẻm 34/5", "ngõ 7", "123 đường Lê Lợi": a house address.
const ADDRESS = /\b(?:số nhà\s*\d+\S*|(?:hẻm|ngõ|ngách|kiệt)\s*\d+\S*)|(?<![\w/])\d[\d/]*\s+(?:đường|phố)\s+\p{L}+/giu;

const found = (text: string, pattern: RegExp, group = 0) => [...text.matchAll(pattern)].map((m) => (m[group] ?? m[0]).trim());

export function personalData(text: string): PersonalData {
	const phones = found(text, PHONE);
	// A phone number's digits are not an ID number too.
	const withoutPhones = text.replace(PHONE, ' ');
	return {
		blocking: [...phones, ...found(withoutPhones, ID_NUMBER), ...found(text, EMAIL)],
		// Honorifics are lower case in running text: only a capitalised name after one is a person.
		warnings: [...found(text, PERSON, 1).filter((m) => /\s\p{Lu}/u.test(m)), ...found(text, ADDRESS)]
	};
}
