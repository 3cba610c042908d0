import { existsSync } from 'node:fs';
import { createPGlite, fromPGlite } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import { schemaTemplatePath, writeTemplate } from './pglite-template.ts';

/**
 * Keep a dump of a database with every migration of this code applied (ADR 0013), so a new
 * database skips initdb and the migrations. Call after the initdb template is prepared.
 * Returns the path and whether it was written now (false: it was there already).
 */
export async function prepareSchemaTemplate(): Promise<{ path: string; written: boolean }> {
  const path = schemaTemplatePath();
  if (existsSync(path)) return { path, written: false };
  const pglite = await createPGlite(null);
  const handle = fromPGlite(pglite);
  let dump: Blob;
  try {
    await migrateToLatest(handle.db);
    dump = await pglite.dumpDataDir('none');
  } finally {
    await handle.close();
  }
  await writeTemplate(path, dump);
  return { path, written: true };
}
