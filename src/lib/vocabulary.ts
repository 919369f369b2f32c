/**
 * The codes the app knows by name, in one place: the reference vocabularies (the tables case_types,
 * outreach_forms and model_site_kinds of supabase/migrations hold them with their names, reach and
 * order), the kinds of site and case records, and the roles. Names for display come from the
 * database (record_vocabularies) and $lib/i18n/messages. supabase/tests/vocabulary.test.ts fails
 * when the database, these lists, the messages or the map's palettes disagree.
 */
export const CASE_TYPES = ['cross_border', 'labour_fraud', 'marriage_brokering', 'domestic', 'child_under_16', 'organ_removal'] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const OUTREACH_FORMS = ['meeting', 'loudspeaker', 'poster', 'leaflet', 'sms', 'social_media', 'school_talk'] as const;
export type OutreachForm = (typeof OUTREACH_FORMS)[number];

export const MODEL_SITE_KINDS = ['peaceful_house', 'tip_box', 'hotline_point', 'support_centre'] as const;
export type ModelSiteKind = (typeof MODEL_SITE_KINDS)[number];

/** Kinds of records, in the order the records page lists them; all but cases are sites. */
export const RECORD_KINDS = ['boarding_houses', 'outreach', 'model_sites', 'industrial_zones', 'cases'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The application roles (profiles.role). */
export const APP_ROLES = ['admin', 'planner', 'district_official', 'investigator', 'leader'] as const;
export type AppRole = (typeof APP_ROLES)[number];
