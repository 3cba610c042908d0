/**
 * `postinstall`: run PostgreSQL's initdb and this code's migrations once for this installation
 * (ADR 0013). A failure is reported and leaves the install intact: PGlite then runs initdb and
 * the migrations for each new database.
 *
 *   node --import tsx packages/db/src/prepare-initdb-template.ts
 */
import { prepareInitdbTemplate } from './pglite-template.ts';
import { prepareSchemaTemplate } from './schema-template.ts';

for (const [what, prepare] of [
  ['initdb', prepareInitdbTemplate],
  ['schema', prepareSchemaTemplate],
] as const) {
  const started = performance.now();
  try {
    const { path, written } = await prepare();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      written
        ? `已准备嵌入式数据库模板（${what}） / prepared the embedded database template (${what}): ${path} (${seconds} s)\n`
        : `嵌入式数据库模板（${what}）已存在 / the embedded database template (${what}) is there: ${path}\n`,
    );
  } catch (error) {
    process.stderr.write(
      `未能准备嵌入式数据库模板（${what}），新数据库将较慢创建 / could not prepare the embedded database template (${what}); new databases will be created more slowly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
}
