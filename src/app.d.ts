import type { AppSupabaseClient } from '$lib/server/supabase';
import type { Profile } from '$lib/supabase/database.types';

declare global {
	namespace App {
		interface Locals {
			/** supabase-js for this request, acting as the signed-in user (or anon). */
			supabase: AppSupabaseClient;
			/** The verified user with their role, or null. */
			user: Profile | null;
		}
	}
}

export {};
