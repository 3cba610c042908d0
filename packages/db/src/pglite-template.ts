/**
 * PostgreSQL's initdb, done once per installation (ADR 0013). A new PGlite database runs
 * initdb inside WebAssembly: ~3 s on a data directory, ~2 s in memory, the same work and the
 * same result every time for a given PGlite version. `npm install` runs it once
 * (`prepareInitdbTemplate`, the root package's `postinstall`) and keeps the dump under
 * `node_modules/.cache/tianheng/`; a new database then starts from the dump (~0.5 s). Without
 * the file (installed with `--ignore-scripts`, another PGlite version) PGlite runs initdb as
 * before: the template only ever saves time.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

interface PgliteInstall {
  readonly version: string;
  /** The `node_modules` directory PGlite is installed in. */
  readonly nodeModules: string;
}

/** Where PGlite is installed and its version (read from its package.json). */
function pgliteInstall(): PgliteInstall {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (name === '@electric-sql/pglite' && typeof version === 'string')
        return { version, nodeModules: dirname(dirname(dir)) };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the package.json of @electric-sql/pglite');
    dir = parent;
  }
}

/** The template file for the installed PGlite version. */
export function initdbTemplatePath(): string {
  const { version, nodeModules } = pgliteInstall();
  return join(nodeModules, '.cache', 'tianheng', `pglite-${version}-initdb.tar`);
}

let digest: string | undefined;

/** A digest of the migrations' file names and text: a schema template fits only those. */
function migrationsDigest(): string {
  if (digest === undefined) {
    const dir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
    const hash = createHash('sha256');
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      hash.update(`${name}\n`);
      hash.update(readFileSync(join(dir, name)));
    }
    digest = hash.digest('hex').slice(0, 16);
  }
  return digest;
}

/**
 * The template of a database with every migration of this code applied (initdb, then the
 * migrations), named after the PGlite version and a digest of the migrations.
 */
export function schemaTemplatePath(): string {
  const { version, nodeModules } = pgliteInstall();
  return join(
    nodeModules,
    '.cache',
    'tianheng',
    `pglite-${version}-schema-${migrationsDigest()}.tar`,
  );
}

/** The prepared template as a Blob for PGlite's `loadDataDir`, or undefined when there is none. */
export function initdbTemplate(): Blob | undefined {
  const path = initdbTemplatePath();
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
}

/**
 * What a new database starts from: the migrated schema when its template fits these
 * migrations, else the bare initdb template, else nothing (PGlite runs initdb). Migrating
 * afterwards applies whatever the template lacks.
 */
export function newDatabaseTemplate(): Blob | undefined {
  const schema = schemaTemplatePath();
  return existsSync(schema) ? new Blob([readFileSync(schema)]) : initdbTemplate();
}

/** Write a dump to `path` under a temporary name, then rename it (readers never see half). */
export async function writeTemplate(path: string, dump: Blob): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
  await rename(partial, path);
}

/**
 * Run initdb once and keep the dump for the installed PGlite version (written to a temporary
 * name and renamed, so a reader never sees half a file). Returns the path and whether it was
 * written now (false: it was there already).
 */
export async function prepareInitdbTemplate(): Promise<{ path: string; written: boolean }> {
  const path = initdbTemplatePath();
  if (existsSync(path)) return { path, written: false };
  const pglite = await PGlite.create();
  let dump: Blob;
  try {
    dump = await pglite.dumpDataDir('none');
  } finally {
    await pglite.close();
  }
  await writeTemplate(path, dump);
  return { path, written: true };
}
