import { SignJWT, jwtVerify, errors } from 'jose';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ApiRole = 'anon' | 'authenticated' | 'service_role';

export interface Claims {
	role: ApiRole;
	sub?: string;
	aud?: string;
	exp?: number;
	iat?: number;
	app_metadata?: Record<string, unknown>;
	[key: string]: unknown;
}

/**
 * The HS256 secret: JWT_SECRET when set, otherwise generated once into the data dir (mode 0600)
 * so tokens survive restarts of the same install.
 */
export function loadJwtSecret(dataDir: string, fromEnv?: string): Uint8Array {
	if (fromEnv) {
		if (fromEnv.length < 32) throw new Error('JWT_SECRET must be at least 32 characters');
		return new TextEncoder().encode(fromEnv);
	}
	mkdirSync(dataDir, { recursive: true });
	const file = join(dataDir, 'jwt-secret');
	if (!existsSync(file)) {
		writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
	}
	return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

/** Signs claims; expiresIn in seconds. */
export async function signToken(secret: Uint8Array, claims: Claims, expiresIn: number): Promise<string> {
	return new SignJWT(claims)
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.setIssuer('hotspot-atlas')
		.setIssuedAt()
		.setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
		.sign(secret);
}

export class TokenError extends Error {
	constructor(
		message: string,
		readonly code: 'PGRST301' | 'PGRST303'
	) {
		super(message);
	}
}

/** Tokens already verified, per secret: a page and the calls it makes verify each token once. */
const verified = new WeakMap<Uint8Array, Map<string, Claims>>();
const MAX_VERIFIED = 1000;

/**
 * Verifies signature (HS256 only), expiry and, for signed-in users, the audience, as PostgREST
 * does before it runs anything. Throws TokenError. A token verified before is not verified again
 * (the same bytes under the same secret verify the same way); its expiry is checked every time.
 */
export async function verifyToken(secret: Uint8Array, token: string): Promise<Claims> {
	let known = verified.get(secret);
	const cached = known?.get(token);
	if (cached) {
		if (cached.exp === undefined || cached.exp > Date.now() / 1000) return cached;
		known!.delete(token);
		throw new TokenError('JWT expired', 'PGRST303');
	}
	const claims = await verifyOnce(secret, token);
	if (!known) verified.set(secret, (known = new Map()));
	// Oldest first out (a Map keeps insertion order).
	if (known.size >= MAX_VERIFIED) known.delete(known.keys().next().value!);
	known.set(token, claims);
	return claims;
}

async function verifyOnce(secret: Uint8Array, token: string): Promise<Claims> {
	let payload: Record<string, unknown>;
	try {
		({ payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] }));
	} catch (error) {
		if (error instanceof errors.JWTExpired) throw new TokenError('JWT expired', 'PGRST303');
		throw new TokenError('JWT could not be verified', 'PGRST301');
	}
	const role = payload.role;
	if (role !== 'anon' && role !== 'authenticated' && role !== 'service_role') {
		throw new TokenError('JWT role claim is missing or not allowed', 'PGRST301');
	}
	if (role === 'authenticated' && payload.aud !== 'authenticated') {
		throw new TokenError('JWT audience is not "authenticated"', 'PGRST301');
	}
	return payload as Claims;
}
