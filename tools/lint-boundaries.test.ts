import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

/**
 * The package boundaries are a lint rule; the snippets are linted as if they were the
 * content of an existing file of each package (the type-aware parser only knows files of
 * the TypeScript projects). These cases prove the rule fires (with its
 * reason) and stays quiet for allowed imports.
 */
const eslint = new ESLint({ cwd: import.meta.dirname + '/..' });

async function messagesFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId?.startsWith('no-restricted'))
    .map((m) => m.message);
}

describe('package boundaries', () => {
  it.each([
    [
      'packages/core/src/result.ts',
      "import { openDatabase } from '@tianheng/db';\nexport const x = openDatabase;\n",
      /core imports nothing of ours/,
    ],
    [
      'packages/core/src/result.ts',
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      /core is pure: no I\/O/,
    ],
    [
      'packages/core/src/result.ts',
      'export const now = Date.now();\n',
      /take `now` as an argument/,
    ],
    ['packages/core/src/result.ts', 'export const r = Math.random();\n', /no randomness/],
    [
      'packages/db/src/schema.ts',
      "import { buildApp } from '@tianheng/server';\nexport const x = buildApp;\n",
      /db may import only core/,
    ],
    [
      'packages/server/src/errors.ts',
      "import pg from 'pg';\nexport const x = pg;\n",
      /SQL lives only in packages\/db/,
    ],
    [
      'packages/server/src/errors.ts',
      "import { sql } from 'kysely';\nexport const x = sql;\n",
      /SQL lives only in packages\/db/,
    ],
    [
      'packages/web/src/main.tsx',
      "import { openDatabase } from '@tianheng/db';\nexport const x = openDatabase;\n",
      /web app may import only core/,
    ],
    [
      'packages/web/src/main.tsx',
      "import * as echarts from 'echarts';\nexport const x = echarts;\n",
      /echarts\/core/,
    ],
    [
      'packages/server/src/errors.ts',
      "import { ok } from '@tianheng/core/src/result.ts';\nexport const x = ok;\n",
      /through its index/,
    ],
  ])('refuses %s: %s', async (file, code, reason) => {
    const messages = await messagesFor(file, code);
    expect(messages.some((m) => reason.test(m))).toBe(true);
  });

  it.each([
    ['packages/db/src/schema.ts', "import { ok } from '@tianheng/core';\nexport const x = ok;\n"],
    [
      'packages/server/src/errors.ts',
      "import { openDatabase } from '@tianheng/db';\nexport const x = openDatabase;\n",
    ],
    [
      'packages/cli/src/index.ts',
      "import { buildApp } from '@tianheng/server';\nexport const x = buildApp;\n",
    ],
    ['packages/web/src/main.tsx', "import { ok } from '@tianheng/core';\nexport const x = ok;\n"],
  ])('allows %s', async (file, code) => {
    expect(await messagesFor(file, code)).toEqual([]);
  });
});
