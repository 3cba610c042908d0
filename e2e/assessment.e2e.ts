import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { launchBrowser, screenshotDir, snap } from './browser.ts';

const baseURL = inject('baseURL');
const PASSWORD = 'Tianheng@2026';
/** Made by this test through the UI, so it runs on any demo county (with or without its year). */
const RUN = Date.now().toString(36);
const SCHEME_KEY = `e2e-township-${RUN}`;
const PERIOD_NAME = `E2E 2026年12月 ${RUN}`;
const SCHEME_NAME = `E2E 乡镇考核办法 ${RUN}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function openPage(width = 1280, height = 860): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

async function login(page: Page, username: string): Promise<void> {
  await page.goto(`${baseURL}/`);
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-tenant').fill('demo');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('dashboard').waitFor();
}

/** Type into an input, or into the input inside a wrapper (antd's InputNumber, Select). */
async function typeInto(target: Locator, text: string): Promise<void> {
  const tag = await target.evaluate((el: { tagName: string }) => el.tagName.toLowerCase());
  const input = tag === 'input' || tag === 'textarea' ? target : target.locator('input').first();
  await input.fill(text);
}

/** Open an antd Select and click the option showing `text`. */
async function choose(page: Page, select: Locator, text: string): Promise<void> {
  await select.click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first()
    .click();
}

/** Wait until no antd spinner spins (tables finished loading) before a screenshot. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction("document.querySelectorAll('.ant-spin-spinning').length === 0");
  await page.waitForTimeout(300); // the fade-out of the loading veil
  await page.evaluate('window.scrollTo(0, 0)'); // a full-page shot keeps the sticky header on top
}

/**
 * Pick an option of a searchable antd Select by typing it: the filtered list is short. A page
 * that re-renders under the open list can close it, so try again (at most three times) until
 * the select shows the choice.
 */
async function search(page: Page, select: Locator, text: string, tree = false): Promise<void> {
  const option = tree
    ? page.locator(
        `.ant-select-dropdown:visible .ant-select-tree-node-content-wrapper[title="${text}"]`,
      )
    : page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text });
  for (let attempt = 1; ; attempt++) {
    try {
      await select.click();
      await select.locator('input').fill(text);
      await option.first().waitFor({ timeout: 5_000 });
      await page.waitForTimeout(300); // the list's slide-in
      if (tree) await option.first().click({ timeout: 5_000 });
      else await select.locator('input').press('Enter');
      await expect.poll(() => select.innerText(), { timeout: 5_000 }).toContain(text);
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** The person behind a demo login (the cadre's name, to find them in the fact form). */
async function personOf(username: string): Promise<{ id: string; name: string }> {
  const response = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo', username, password: PASSWORD }),
  });
  const me = (await response.json()) as {
    account: { personId: string | null; personName: string | null };
  };
  if (!me.account.personId || !me.account.personName)
    throw new Error(`${username} has no person record`);
  return { id: me.account.personId, name: me.account.personName };
}

/** A whole working session per test: generous on a machine shared with other work. */
const SESSION_MS = 180_000;

describe('the assessment office runs a period through the UI', () => {
  it(
    'edits a scheme with live validation, records facts, and reads the results',
    async () => {
      const cadre = await personOf('ganbu');
      const page = await openPage();
      await login(page, 'kaohe');

      // 1. A scheme from the built-in H-township template.
      await page.getByTestId('menu-schemes').click();
      await page.getByTestId('schemes-page').waitFor();
      await page.getByTestId('scheme-new').click();
      await page.getByTestId('template-form').waitFor();
      await choose(page, page.getByTestId('template-select'), '2021');
      await page.getByTestId('template-key').fill(SCHEME_KEY);
      await page.getByTestId('template-name-zh').fill(SCHEME_NAME);
      await page.getByTestId('template-submit').click();
      await page.getByTestId('scheme-edit-page').waitFor();
      await page.getByTestId('scheme-valid').waitFor();
      await expect(page.getByTestId('scheme-version-tag').innerText()).resolves.toBe('v1');

      // 2. Open the module-rank table and make two ranges overlap: the problem shows at once.
      await page.locator('[data-testid="scheme-node"][data-node-key="module-rank"]').click();
      await page.getByTestId('method-form').waitFor();
      const from = page.getByTestId('method-rows-from');
      const to = page.getByTestId('method-rows-to');
      await typeInto(from.nth(1), '3');
      await page.getByTestId('scheme-problems').waitFor();
      const problem = page.locator('[data-testid="scheme-problem"][data-code="rank-rows-overlap"]');
      await problem.waitFor();
      await expect(problem.innerText()).resolves.toContain('模块实绩分值');
      await expect(
        page
          .locator('[data-testid="scheme-node"][data-node-key="module-rank"]')
          .getAttribute('data-problems'),
      ).resolves.not.toBe('0');
      await page.getByTestId('node-problem').first().waitFor();
      await expect(page.getByTestId('scheme-save').isDisabled()).resolves.toBe(true);
      await snap(page, 'assessment-scheme-problem');

      // 3. Fix it by shortening the first range (1–2, 3–6): valid again, and different from v1.
      await typeInto(to.nth(0), '2');
      await page.getByTestId('scheme-valid').waitFor();
      await page.getByTestId('scheme-dirty').waitFor();
      await page.getByTestId('scheme-note').fill('E2E：调整模块排名第一档');
      await page.getByTestId('scheme-save').click();
      await page.locator('[data-testid="scheme-version-tag"]', { hasText: 'v2' }).waitFor();
      await page.getByTestId('scheme-history').click();
      await page.locator('[data-testid="scheme-version"][data-version="1"]').waitFor();
      await page.locator('[data-testid="scheme-version"][data-version="2"]').waitFor();
      await page.waitForTimeout(400); // the drawer's slide-in
      await snap(page, 'assessment-scheme-saved');
      await page.keyboard.press('Escape');

      // 4. A period on version 2.
      await page.getByTestId('menu-periods').click();
      await page.getByTestId('periods-page').waitFor();
      await page.getByTestId('period-create').click();
      await page.getByTestId('period-form').waitFor();
      await page.getByTestId('period-name').fill(PERIOD_NAME);
      const dates = page.locator('[data-testid="period-form"] .ant-picker-range input');
      await dates.nth(0).click();
      await dates.nth(0).fill('2026-12-01');
      await dates.nth(0).press('Enter');
      await dates.nth(1).fill('2026-12-31');
      await dates.nth(1).press('Enter');
      await search(page, page.getByTestId('period-scheme'), SCHEME_NAME);
      await page.getByTestId('period-submit').click();
      const periodRow = page.locator(
        `[data-testid="period-row"][data-period-name="${PERIOD_NAME}"]`,
      );
      await periodRow.waitFor();
      const periodId = await periodRow.getAttribute('data-period-id');
      if (!periodId) throw new Error('the new period row has no id');
      await settle(page);
      await snap(page, 'assessment-periods');

      // 5. A discretionary adjustment for the cadre: refused without a reason, taken with one.
      await page.goto(`${baseURL}/facts?periodId=${periodId}`);
      await page.getByTestId('fact-form').waitFor();
      const personSelect = page.getByTestId('fact-person');
      await personSelect.click();
      await personSelect.locator('input').fill(cadre.name);
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: cadre.name })
        .first()
        .click();
      await page.getByTestId('fact-indicator').click();
      await page
        .locator(
          '.ant-select-dropdown:visible [data-testid="fact-indicator-option"][data-indicator="discretionary"]',
        )
        .click();
      await page.getByTestId('fact-value').fill('3');
      await page.getByTestId('fact-submit').click();
      const refusal = page.locator('.ant-form-item-explain-error', { hasText: '理由' });
      await refusal.waitFor();
      await snap(page, 'assessment-fact-refused');
      await page.getByTestId('fact-note').fill('E2E：牵头完成年底防汛检查，表现突出');
      await page.getByTestId('fact-submit').click();
      await page.getByTestId('fact-result').waitFor();
      await page
        .locator('[data-testid="fact-row"]', { hasText: 'E2E：牵头完成' })
        .first()
        .waitFor();
      await settle(page);
      await snap(page, 'assessment-fact-recorded');

      // 6. Results: rankings, grades, bonus.
      await page.getByTestId('menu-results').click();
      await page.getByTestId('results-page').waitFor();
      await search(page, page.getByTestId('period-select'), PERIOD_NAME);
      await page.getByTestId('ranking-table').waitFor();
      await page.locator('[data-testid="result-row"]').first().waitFor();
      const cadreRow = page.locator(
        `[data-testid="result-row"][data-person-id="${cadre.id}"]:visible`,
      );
      await page.getByTestId('within-unit').click();
      await page.getByTestId('within-tenant').click();
      await page.locator('[data-testid="result-rank"]').first().waitFor();
      await settle(page);
      await snap(page, 'assessment-results-rankings');
      // The cadre's +3 is in their total.
      await page.getByTestId('result-search').locator('input').fill(cadre.name);
      await page.getByTestId('result-search').locator('input').press('Enter');
      await cadreRow.waitFor();
      await expect(cadreRow.innerText()).resolves.toContain(cadre.name);
      await page.getByTestId('result-tab-grades').click();
      await page.getByTestId('grade-units').waitFor();
      await page
        .locator('[data-testid="grade-table"] [data-testid="result-row"]')
        .first()
        .waitFor();
      await settle(page);
      await snap(page, 'assessment-results-grades');
      await page.getByTestId('result-tab-bonus').click();
      await page.getByTestId('bonus-literal-hint').waitFor();
      await page.getByTestId('bonus-units').waitFor();
      // A pool for the cadre's unit: amounts sum to it exactly, the seed's formula sits beside.
      const unitName = (await cadreRow.getAttribute('data-assessment-unit')) ?? '';
      await search(
        page,
        page.locator('[data-testid="result-unit-filter"]:visible'),
        unitName,
        true,
      );
      const unitRow = page.locator(`[data-testid="bonus-unit"][data-unit-name="${unitName}"]`);
      await unitRow.getByTestId('bonus-pool-edit').click();
      await page.getByTestId('pool-amount').fill('12345.67');
      await page.getByTestId('pool-submit').click();
      await expect.poll(() => unitRow.getByTestId('bonus-pool').innerText()).toBe('12,345.67');
      await expect.poll(() => cadreRow.getByTestId('bonus-amount').innerText()).not.toBe('—');
      await settle(page);
      await snap(page, 'assessment-results-bonus');
      await page.context().close();
    },
    SESSION_MS,
  );

  it(
    'shows a cadre at phone width why their score is what it is',
    async () => {
      const page = await openPage(390, 844);
      await login(page, 'ganbu');
      await page.getByTestId('menu-toggle').click();
      await page.getByTestId('menu-myScore').click();
      await page.getByTestId('my-score-page').waitFor();
      // The periods have loaded once the select shows the current one.
      await page.locator('[data-testid="period-select"] .ant-select-content-has-value').waitFor();
      await search(page, page.getByTestId('period-select'), PERIOD_NAME);
      await expect.poll(() => page.getByTestId('period-select').innerText()).toContain(PERIOD_NAME);
      // Scored by the version the office saved.
      await expect
        .poll(() => page.getByTestId('score-body').innerText())
        .toContain(`${SCHEME_KEY} v2`);
      await expect(page.getByTestId('score-formula').innerText()).resolves.toContain('×');
      const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
      expect(width).toBeLessThanOrEqual(390);
      await settle(page);
      await snap(page, 'assessment-my-score-phone');

      const point = page.locator(
        '[data-testid="score-node"][data-node-key="discretionary"] [data-testid="score-points"]',
      );
      await expect(point.innerText()).resolves.toContain('3');
      await point.click();
      const card = page.locator('[data-testid="fact-card"]', { hasText: 'E2E：牵头完成' });
      await card.waitFor();
      await expect(card.innerText()).resolves.toContain('3');
      await page.waitForTimeout(400); // let the drawer slide in before the screenshot
      // What the phone shows: a full-page shot would misplace the fixed drawer.
      await page.screenshot({ path: join(screenshotDir, 'assessment-my-score-facts-phone.png') });
      await page.context().close();
    },
    SESSION_MS,
  );

  it(
    'refuses a bulk fact upload with one bad row, naming the row, and writes nothing',
    async () => {
      const page = await openPage();
      await login(page, 'kaohe');
      const periods = (await (
        await page.request.get(`${baseURL}/api/periods?pageSize=200`)
      ).json()) as {
        items: { id: string; name: string }[];
      };
      const period = periods.items.find((p) => p.name === PERIOD_NAME);
      if (!period) throw new Error('the first test made no period');
      const cadre = await personOf('ganbu');
      const person = (await (
        await page.request.get(`${baseURL}/api/people/${cadre.id}`)
      ).json()) as {
        staffNo: string;
      };
      const count = async () =>
        (
          (await (
            await page.request.get(`${baseURL}/api/facts?periodId=${period.id}&pageSize=1`)
          ).json()) as { total: number }
        ).total;
      const before = await count();

      // The server's own template, two rows: a good deduction-free adjustment, an unknown indicator.
      const template = await page.request.get(
        `${baseURL}/api/facts/template?periodId=${period.id}`,
      );
      expect(template.status()).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await template.body()) as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('事实');
      if (!sheet) throw new Error('template has no 事实 sheet');
      const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
      const row = (values: Record<string, string>) => headers.map((h) => values[h] ?? '');
      sheet.getRow(2).values = row({
        对象类型: '人员',
        工号或单位编码: person.staffNo,
        指标编码: 'discretionary',
        数值: '1',
        说明: 'E2E：批量录入',
      });
      sheet.getRow(3).values = row({
        对象类型: '人员',
        工号或单位编码: person.staffNo,
        指标编码: 'no-such-indicator',
        数值: '1',
        说明: 'E2E：错误的指标',
      });
      const file = Buffer.from(await workbook.xlsx.writeBuffer());

      await page.goto(`${baseURL}/facts?periodId=${period.id}`);
      await page.getByTestId('fact-form').waitFor();
      await page.getByTestId('fact-import-input').setInputFiles({
        name: 'facts.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: file,
      });
      const errors = page.getByTestId('fact-import-errors');
      await errors.waitFor();
      const text = await errors.innerText();
      expect(text).toContain('事实');
      expect(text).toContain('3');
      expect(text).toContain('指标编码');
      expect(text).not.toMatch(/事实\s+2\s/); // the good row is not blamed
      await page.getByTestId('fact-import-nothing-written').waitFor();
      await page.waitForTimeout(500); // the dialog's zoom-in
      await snap(page, 'assessment-fact-import-refused');
      expect(await count()).toBe(before);
      await page.context().close();
    },
    SESSION_MS,
  );
});
