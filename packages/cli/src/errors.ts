import { errorMessage, type ImportError } from '@tianheng/core';
import { DataDirectoryLockedError } from '@tianheng/db';
import { AppError } from '@tianheng/server';
import type { Output } from './output.ts';

/**
 * An expected failure of a command (bad argument, unknown tenant): main prints only its
 * message, in Chinese and English, and exits with code 1. Anything else is a bug and is
 * printed with its stack.
 */
export class CliError extends Error {
  constructor(zh: string, en: string) {
    super(`${zh}\n${en}`);
    this.name = 'CliError';
  }
}

/** Rows of a refused import shown on the terminal; the rest are counted. */
const SHOWN_IMPORT_ERRORS = 30;

/** Print a failure of a command to stderr: messages for expected errors, the stack for bugs. */
export function reportError(error: unknown, out: Output): void {
  if (error instanceof CliError || error instanceof DataDirectoryLockedError) {
    out.error(`错误 Error: ${error.message}`);
    return;
  }
  if (error instanceof AppError) {
    const field = error.field === undefined ? '' : ` (${error.field})`;
    out.error(`错误 Error [${error.code}]${field}: ${errorMessage(error.code, 'zh-CN')}`);
    out.error(`  ${errorMessage(error.code, 'en')}`);
    const rows = error.details?.errors;
    if (Array.isArray(rows)) {
      for (const row of (rows as ImportError[]).slice(0, SHOWN_IMPORT_ERRORS)) {
        const value = row.value === undefined ? '' : ` 「${row.value}」`;
        out.error(
          `  ${row.sheet} 第 ${row.row} 行 row ${row.row}, ${row.column}${value}: ${row.message['zh-CN']} / ${row.message.en}`,
        );
      }
      const count = Number(error.details?.errorCount ?? rows.length);
      if (count > SHOWN_IMPORT_ERRORS) out.error(`  …共 ${count} 处错误 / ${count} errors in all`);
    }
    return;
  }
  out.error(
    `错误 Error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
}
