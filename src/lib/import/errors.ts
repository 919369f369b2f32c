/** A file that cannot be read as what it claims to be: the message says why, for the user. */
export class FileFormatError extends Error {}
