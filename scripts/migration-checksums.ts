/**
 * `npx tsx scripts/migration-checksums.ts` prints supabase/migration-checksums.txt for the migrations
 * in supabase/migrations (after adding a new migration, append its line). The suite checks the file:
 * a landed migration whose checksum changed was edited, which is refused (write a new migration).
 */
import { migrationChecksum, readMigrations } from '../src/lib/server/embedded/migrate';

for (const m of readMigrations('supabase/migrations')) console.log(`${m.version} ${migrationChecksum(m.sql)} ${m.name}`);
