import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { launchBrowser, snap } from './browser.ts';

const baseURL = inject('baseURL');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

describe('Excel import through the UI', () => {
  it('refuses a file with one bad row, names the row and column, and writes nothing', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    await page.goto(`${baseURL}/`);
    await page.getByTestId('login-tenant').fill('demo');
    await page.getByTestId('login-username').fill('kaohe');
    await page.getByTestId('login-password').fill('Tianheng@2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('dashboard').waitFor();

    // Fill the server's own template: two people, the second with a rank that does not exist.
    const units = (await (await page.request.get(`${baseURL}/api/units`)).json()) as {
      code: string | null;
      kind: string;
    }[];
    const section = units.find((u) => u.kind === 'section' && u.code);
    if (!section?.code) throw new Error('demo county has no coded section');
    const before = (await (await page.request.get(`${baseURL}/api/people?pageSize=1`)).json()) as {
      total: number;
    };
    const template = await page.request.get(`${baseURL}/api/import/template`);
    expect(template.status()).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await template.body()) as unknown as ArrayBuffer);
    const people = workbook.getWorksheet('人员');
    if (!people) throw new Error('template has no 人员 sheet');
    const headers = (people.getRow(1).values as unknown[]).slice(1).map(String);
    const row = (values: Record<string, string>) => headers.map((h) => values[h] ?? '');
    // Write rows 2 and 3 explicitly: the template's drop-down lists make addRow() append far below.
    people.getRow(2).values = row({
      工号: 'E2E001',
      姓名: '测试甲',
      性别: '男',
      单位编码: section.code,
      职务: '科员',
      职级: '普通干部',
      任职日期: '2025-01-01',
    });
    people.getRow(3).values = row({
      工号: 'E2E002',
      姓名: '测试乙',
      性别: '女',
      单位编码: section.code,
      职务: '科员',
      职级: '大官',
      任职日期: '2025-01-01',
    });
    const file = Buffer.from(await workbook.xlsx.writeBuffer());

    await page.getByTestId('menu-people').click();
    await page.getByTestId('person-table').waitFor();
    await page.getByTestId('import-input').setInputFiles({
      name: 'people.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    const text = await errors.innerText();
    expect(text).toContain('人员');
    expect(text).toContain('3');
    expect(text).toContain('职级');
    // The reason is a sentence in the reader's language, not an internal code.
    expect(text).not.toContain('unknown-rank');
    expect(text).toContain('大官');
    await page.getByTestId('import-nothing-written').waitFor();
    await page.waitForTimeout(500); // let the dialog's zoom-in animation finish before the screenshot
    await snap(page, 'import-one-bad-row');
    const after = (await (await page.request.get(`${baseURL}/api/people?pageSize=1`)).json()) as {
      total: number;
    };
    expect(after.total).toBe(before.total);
    await context.close();
  });
});
