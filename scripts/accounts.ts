/**
 * Accounts made by the command line (create-admin, the demo accounts), the same way on both backends:
 * through the auth admin API with the service key (GoTrue on a Supabase project, the embedded auth
 * server otherwise) and public.service_set_profile for the role.
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '../src/lib/supabase/database.types';
import WebSocket from 'ws';
import type { AppConfig } from '../src/lib/server/config';
import { EmbeddedBackend } from '../src/lib/server/embedded/backend';

export class AccountError extends Error {}

export interface ServiceClient {
	client: SupabaseClient<Database>;
	/** Where the accounts live, for messages. */
	where: string;
	/** The embedded backend, when there is one (its database is then at hand). */
	backend: EmbeddedBackend | null;
	close(): Promise<void>;
}

const CLIENT_OPTIONS = {
	auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
	// supabase-js 2.109 needs a WebSocket implementation on Node 20 (STACK-NOTES).
	realtime: { transport: WebSocket as never }
};

/** A service-role client: the Supabase project's (PUBLIC_SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY) or the embedded backend's. */
export async function serviceClient(config: AppConfig, env: Record<string, string | undefined>): Promise<ServiceClient> {
	if (config.mode === 'supabase') {
		const key = env.SUPABASE_SERVICE_ROLE_KEY;
		if (!key) {
			throw new AccountError(
				'SUPABASE_SERVICE_ROLE_KEY is needed to make accounts on a Supabase project (Dashboard → Project Settings → API keys → service_role)'
			);
		}
		const client = createClient<Database>(config.supabaseUrl!, key, CLIENT_OPTIONS);
		return { client, where: config.supabaseUrl!, backend: null, close: async () => undefined };
	}
	const backend = await EmbeddedBackend.start({ ...config, log: () => undefined });
	const base = 'http://embedded.invalid/supabase';
	const client = createClient<Database>(base, backend.serviceKey, { ...CLIENT_OPTIONS, global: { fetch: backend.fetchFor(base) } });
	return { client, where: config.databaseUrl ? 'DATABASE_URL' : config.dataDir, backend, close: () => backend.close() };
}

/** The id of the user with this e-mail, or null (the admin API lists users a page at a time). */
async function findUser(client: SupabaseClient<Database>, email: string): Promise<string | null> {
	for (let page = 1; ; page++) {
		const { data, error } = await client.auth.admin.listUsers({ page, perPage: 1000 });
		if (error) throw new AccountError(`could not list users: ${error.message}`);
		const found = data.users.find((u) => u.email?.toLowerCase() === email.toLowerCase());
		if (found) return found.id;
		if (data.users.length < 1000) return null;
	}
}

export interface AccountSpec {
	email: string;
	password: string;
	role: 'admin' | 'planner' | 'district_official' | 'investigator' | 'leader';
	unit?: string | null;
	name?: string;
	appMetadata?: Record<string, unknown>;
	/** false: the role is written later through SQL (the demo, whose units are made with its data). */
	setProfile?: boolean;
}

/**
 * Makes the account (or finds it: its password is then left as it is) and gives it its role.
 * Returns whether it was created.
 */
export async function ensureAccount(client: SupabaseClient<Database>, spec: AccountSpec): Promise<{ id: string; created: boolean }> {
	const { data, error } = await client.auth.admin.createUser({
		email: spec.email,
		password: spec.password,
		email_confirm: true,
		app_metadata: { app_role: spec.role, ...spec.appMetadata }
	});
	let id = data.user?.id ?? null;
	const created = Boolean(id);
	if (error) {
		const exists = error.code === 'email_exists' || /already been registered/i.test(error.message);
		if (!exists) throw new AccountError(`could not create ${spec.email}: ${error.message}`);
		id = await findUser(client, spec.email);
		if (!id) throw new AccountError(`${spec.email} is said to exist but is not among the users`);
	}
	if (spec.setProfile === false) return { id: id!, created };
	const profile = await client.rpc('service_set_profile', {
		target_user: id!,
		new_role: spec.role,
		unit_code: spec.unit ?? null,
		new_display_name: spec.name ?? null
	});
	if (profile.error) throw new AccountError(`could not give ${spec.email} the role ${spec.role}: ${profile.error.message}`);
	return { id: id!, created };
}
