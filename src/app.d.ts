import type { AppSupabaseClient } from '$lib/server/supabase';
import type { Profile } from '$lib/supabase/database.types';
import type { InstalledBasemap } from '$lib/map/installed-basemap';

declare global {
	namespace App {
		interface Locals {
			/** supabase-js for this request, acting as the signed-in user (or anon). */
			supabase: AppSupabaseClient;
			/** The verified user with their role, or null. */
			user: Profile | null;
		}
		/** An error page's or endpoint's refusal: words, and the database's code and hint when there are. */
		interface Error {
			message: string;
			code?: string;
			hint?: string;
		}
		interface PageData {
			/** The UI language (root layout). */
			locale?: import('$lib/i18n/messages').Locale;
			/** The offline basemap an admin installed (root layout), drawn by every map. */
			basemap?: InstalledBasemap | null;
		}
	}
}

export {};
