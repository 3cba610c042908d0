import { Command } from 'commander';
import { migrateToLatest, openDatabase, targetFromEnv } from '@tianheng/db';
import { describeTarget } from '../database.ts';
import type { Output } from '../output.ts';

/** `tianheng migrate`: bring the schema up to date (forward-only) and say what ran. */
export function migrateCommand(env: NodeJS.ProcessEnv, out: Output): Command {
  return new Command('migrate')
    .description('升级数据库结构（只进不退） / bring the database schema up to date (forward-only)')
    .action(async () => {
      const handle = await openDatabase(targetFromEnv(env));
      try {
        const result = await migrateToLatest(handle.db);
        const ran = (result.results ?? []).map((r) => r.migrationName);
        out.info(`数据库 Database: ${describeTarget(handle)}`);
        out.info(
          ran.length === 0
            ? '已是最新，无需迁移 / already up to date'
            : `已执行 / applied: ${ran.join(', ')}`,
        );
      } finally {
        await handle.close();
      }
    });
}
