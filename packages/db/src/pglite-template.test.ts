/**
 * The installation's initdb template (ADR 0013): keyed by the PGlite version, prepared once,
 * and a data directory started from it is an ordinary database that keeps its data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import {
  initdbTemplate,
  initdbTemplatePath,
  prepareInitdbTemplate,
  schemaTemplatePath,
} from './pglite-template.ts';
import { prepareSchemaTemplate } from './schema-template.ts';

describe('the initdb template', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('is named after the installed PGlite version and prepared once', async () => {
    const require = (await import('node:module')).createRequire(import.meta.url);
    const main = require.resolve('@electric-sql/pglite');
    const manifest = join(main.slice(0, main.indexOf('/dist/')), 'package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    expect(initdbTemplatePath()).toMatch(
      new RegExp(
        `node_modules/\\.cache/tianheng/pglite-${version.replaceAll('.', '\\.')}-initdb\\.tar$`,
      ),
    );
    await prepareInitdbTemplate();
    expect(existsSync(initdbTemplatePath())).toBe(true);
    expect(await prepareInitdbTemplate()).toEqual({ path: initdbTemplatePath(), written: false });
    expect(initdbTemplate()?.size).toBeGreaterThan(1_000_000);
  });

  it('the schema template holds every migration of this code; a new database needs none', async () => {
    await prepareInitdbTemplate();
    await prepareSchemaTemplate();
    expect(schemaTemplatePath()).toMatch(/pglite-[\d.]+-schema-[0-9a-f]{16}\.tar$/);
    expect(existsSync(schemaTemplatePath())).toBe(true);
    const dataDir = await mkdtemp(join(tmpdir(), 'tianheng-schema-'));
    dirs.push(dataDir);
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    try {
      expect((await migrateToLatest(handle.db)).results).toEqual([]);
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM attachment`.execute(
        handle.db,
      );
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await handle.close();
    }
  });

  it('a new data directory starts from it and opens again with its data', async () => {
    await prepareInitdbTemplate();
    const dataDir = await mkdtemp(join(tmpdir(), 'tianheng-template-'));
    dirs.push(dataDir);
    const first = await openDatabase({ kind: 'pglite', dataDir });
    try {
      await sql`CREATE TABLE kept (n int)`.execute(first.db);
      await sql`INSERT INTO kept VALUES (42)`.execute(first.db);
    } finally {
      await first.close();
    }
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    const again = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const { rows } = await sql<{ n: number }>`SELECT n FROM kept`.execute(again.db);
      expect(rows).toEqual([{ n: 42 }]);
    } finally {
      await again.close();
    }
  });
});
