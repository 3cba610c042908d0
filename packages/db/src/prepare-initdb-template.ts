/**
 * `postinstall`: run PostgreSQL's initdb once for this installation (ADR 0013). A failure is
 * reported and leaves the install intact: PGlite then runs initdb for each new database.
 *
 *   node --import tsx packages/db/src/prepare-initdb-template.ts
 */
import { prepareInitdbTemplate } from './pglite-template.ts';

const started = performance.now();
try {
  const { path, written } = await prepareInitdbTemplate();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    written
      ? `已准备嵌入式数据库模板 / prepared the embedded database template: ${path} (${seconds} s)\n`
      : `嵌入式数据库模板已存在 / the embedded database template is there: ${path}\n`,
  );
} catch (error) {
  process.stderr.write(
    `未能准备嵌入式数据库模板，新数据库将较慢创建 / could not prepare the embedded database template; new databases will be created more slowly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
}
