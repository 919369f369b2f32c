import type { AppSupabaseClient } from '$lib/server/supabase';

declare global {
	namespace App {
		interface Viewer {
			role: string;
			label: string;
			/** True while the viewer is the demo planner standing in for sign-in. */
			demo: boolean;
		}
		interface Locals {
			supabase: AppSupabaseClient;
			viewer: Viewer | null;
		}
	}
}

export {};
