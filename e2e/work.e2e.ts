import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { generateDemoCounty } from '@tianheng/cli';
import { join } from 'node:path';
import { launchBrowser, screenshotDir, snap } from './browser.ts';

const baseURL = inject('baseURL');
const PASSWORD = 'Tianheng@2026';
/** Made by this test through the UI, so it never collides with the demo's own tasks. */
const RUN = Date.now().toString(36);
const TITLE = `E2E 领导交办：村道塌方处置 ${RUN}`;
/** A whole working session per test: generous on a machine shared with other work. */
const SESSION_MS = 300_000;

const county = generateDemoCounty();
const leaderAccount = county.accounts.find((a) => a.username === 'lingdao');
const TOWN = county.units.find((u) => u.code === leaderAccount?.unitCode)?.name ?? '';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  // Put the server's clock back, so browser tests that run after this one see today.
  const cookie = await apiLogin('kaohe');
  await api('POST', '/api/dev/clock', cookie, { now: new Date().toISOString() });
  await browser.close();
});

async function openPage(width = 1280, height = 860): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const page = await context.newPage();
  // The machine is shared with builds and benchmarks: give slow renders time.
  page.setDefaultTimeout(60_000);
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

/** Wait until no antd spinner spins before a screenshot. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction("document.querySelectorAll('.ant-spin-spinning').length === 0");
  await page.waitForTimeout(300);
  await page.evaluate('window.scrollTo(0, 0)');
}

/** Open an antd Select and click the option showing `text`. */
async function choose(page: Page, select: Locator, text: string): Promise<void> {
  await select.click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first()
    .click();
}

/**
 * Pick an option of a searchable select (a unit tree or a people search) by typing it; a page
 * that re-renders under the open list can close it, so try again (at most three times).
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
      await option.first().click({ timeout: 5_000 });
      await expect.poll(() => select.innerText(), { timeout: 5_000 }).toContain(text);
      await page.keyboard.press('Escape');
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      await page.keyboard.press('Escape');
    }
  }
}

/** Sign in through the API; returns the session cookie and the account's person. */
async function apiLogin(username: string): Promise<string> {
  const res = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo', username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('th_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] ?? '';
}

async function api<T>(method: string, path: string, cookie: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseURL}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

async function personName(username: string): Promise<string> {
  const res = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo', username, password: PASSWORD }),
  });
  const me = (await res.json()) as { account: { personName: string | null } };
  if (!me.account.personName) throw new Error(`${username} has no person record`);
  return me.account.personName;
}

/**
 * Let days pass on the server (its dev clock), then run the scheduler's tick now, as the
 * supervision office would. Sessions idle that long have expired: sign in again after.
 */
async function passDays(days: number): Promise<{ now: string; changed: number }> {
  const before = await apiLogin('kaohe');
  const { now } = await api<{ now: string }>('POST', '/api/dev/clock', before, {
    advanceDays: days,
  });
  const after = await apiLogin('kaohe');
  const tick = await api<{ evaluated: number; changed: number }>(
    'POST',
    '/api/work/tick',
    after,
    {},
  );
  return { now, changed: tick.changed };
}

/** A step of the task page by its position. */
const stepAt = (page: Page, index: number) => page.getByTestId('step').nth(index);

describe('a task from a template flows from leader to handlers, lights follow time', () => {
  let taskUrl = '';
  let handler = '';
  let nextHandler = '';

  it(
    'the demo county’s year of work is alive: every light colour on the home page, every card colour',
    async () => {
      const page = await openPage();
      await login(page, 'ducha');
      await page.goto(`${baseURL}/work`);
      await page.getByTestId('work-home').waitFor();
      const categories = page.getByTestId('category-card');
      await expect.poll(() => categories.count()).toBe(12);
      for (const colour of ['white', 'blue', 'green', 'yellow', 'red']) {
        const counts = await page
          .locator(`[data-testid="category-lights"] [data-testid="light-count-${colour}"]`)
          .allInnerTexts();
        const total = counts.reduce((sum, text) => sum + Number(text.trim()), 0);
        expect(total, colour).toBeGreaterThan(0);
      }
      await settle(page);
      await snap(page, 'work-home');
      // The latest ended month whose cards have all three colours (there is one: see the demo).
      const cookie = await apiLogin('ducha');
      let month = '';
      for (let back = 1; back <= 11 && month === ''; back++) {
        const d = new Date();
        d.setUTCDate(1);
        d.setUTCMonth(d.getUTCMonth() - back);
        const key = d.toISOString().slice(0, 7);
        const { cards } = await api<{ cards: { colour: string }[] }>(
          'GET',
          `/api/work/cards?month=${key}`,
          cookie,
        );
        if (new Set(cards.map((c) => c.colour)).size === 3) month = key;
      }
      expect(month).not.toBe('');
      await page.goto(`${baseURL}/work/cards?month=${month}`);
      await page.getByTestId('unit-cards').waitFor();
      for (const colour of ['green', 'yellow', 'red'])
        await page.locator(`[data-testid="card-tag"][data-card="${colour}"]`).first().waitFor();
      await settle(page);
      await snap(page, 'work-unit-cards');
      await page.context().close();
    },
    SESSION_MS,
  );

  it(
    'a leader creates a task from a template and adjusts it',
    async () => {
      handler = await personName('ganbu');
      nextHandler = await personName('danwei');
      // The category comes in with the link, as from its row on the work home page.
      const { items } = await api<{ items: { id: string; name: { 'zh-CN': string } }[] }>(
        'GET',
        '/api/work/categories',
        await apiLogin('lingdao'),
      );
      const category = items.find((c) => c.name['zh-CN'] === '领导交办');
      if (!category) throw new Error('no 领导交办 category');
      const page = await openPage();
      await login(page, 'lingdao');
      await page.goto(`${baseURL}/work/tasks/new?category=${category.id}`);
      await page.getByTestId('new-task').waitFor();
      await expect.poll(() => page.getByTestId('task-category').innerText()).toContain('领导交办');
      await choose(page, page.getByTestId('task-template'), '领导交办流程');
      const drafts = page.getByTestId('step-draft');
      await expect.poll(() => drafts.count()).toBe(4);
      await page.getByTestId('task-title-input').fill(TITLE);
      await search(page, page.getByTestId('task-responsible'), TOWN, true);
      // Adjust the template: this item needs only registering and handling.
      await drafts.nth(3).getByTestId('step-remove').click();
      await drafts.nth(2).getByTestId('step-remove').click();
      await expect.poll(() => drafts.count()).toBe(2);
      await expect(drafts.nth(0).getByTestId('step-name').inputValue()).resolves.toBe('接收登记');
      await expect(drafts.nth(1).getByTestId('step-name').inputValue()).resolves.toBe('研究办理');
      await search(page, drafts.nth(0).getByTestId('step-role-handler'), handler);
      await search(page, drafts.nth(1).getByTestId('step-role-handler'), nextHandler);
      await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
      await settle(page);
      await snap(page, 'work-new-task');
      await page.getByTestId('task-submit').click();
      await page.getByTestId('task-page').waitFor();
      taskUrl = page.url();
      await expect(page.getByTestId('task-title').innerText()).resolves.toBe(TITLE);
      await expect(stepAt(page, 0).getAttribute('data-state')).resolves.toBe('active');
      await expect(stepAt(page, 1).getAttribute('data-state')).resolves.toBe('waiting');
      await expect(stepAt(page, 1).getAttribute('data-light')).resolves.toBe('white');
      await settle(page);
      await snap(page, 'work-task-created');
      await page.context().close();
    },
    SESSION_MS,
  );

  it(
    'the handler completes the step in one tap in My work at phone width',
    async () => {
      const phone = await openPage(390, 844);
      await login(phone, 'ganbu');
      await phone.goto(`${baseURL}/work/my?tab=dueSoon`);
      await phone.getByTestId('my-work').waitFor();
      const card = phone.getByTestId('my-step').filter({ hasText: TITLE });
      await card.waitFor();
      await settle(phone);
      await snap(phone, 'work-my-work-phone');
      await card.getByTestId('my-step-complete').click();
      await phone.getByTestId('step-action-sheet').getByTestId('step-action-note').waitFor();
      await phone.getByTestId('step-action-note').fill('已登记，转研究办理');
      await snap(phone, 'work-complete-sheet-phone');
      await phone.getByTestId('step-action-submit').click();
      await card.waitFor({ state: 'detached' });
      await settle(phone);
      await snap(phone, 'work-my-work-phone-done');
      await phone.context().close();
    },
    SESSION_MS,
  );

  it(
    'the next handler sees the notification: bell count and notification centre',
    async () => {
      const page = await openPage();
      await login(page, 'danwei');
      const bell = page.getByTestId('notification-bell');
      await expect
        .poll(async () => Number((await bell.getAttribute('data-unread')) ?? '0'), {
          timeout: 15_000,
        })
        .toBeGreaterThan(0);
      await bell.click();
      await page.getByTestId('notifications').waitFor();
      const note = page.getByTestId('notification').filter({ hasText: TITLE });
      await note.first().waitFor();
      await expect(note.first().innerText()).resolves.toContain('研究办理');
      await settle(page);
      await snap(page, 'work-notifications');
      await page.context().close();
    },
    SESSION_MS,
  );

  it(
    'the step turns green when its planned start arrives, red once its deadline has passed',
    async () => {
      // The second step starts two days after the task (the template's offsets): till then white.
      const started = await passDays(2);
      expect(started.changed).toBeGreaterThan(0);
      const page = await openPage();
      await login(page, 'lingdao');
      await page.goto(taskUrl);
      await page.getByTestId('task-page').waitFor();
      await expect(stepAt(page, 0).getAttribute('data-state')).resolves.toBe('done');
      await expect(stepAt(page, 1).getAttribute('data-state')).resolves.toBe('active');
      await expect(stepAt(page, 1).getAttribute('data-light')).resolves.toBe('green');
      await settle(page);
      await snap(page, 'work-task-green');

      // Its ten days pass without it being done: the scheduler turns it red, carried by its handler.
      await passDays(11);
      await login(page, 'lingdao');
      await page.goto(taskUrl);
      await page.getByTestId('task-page').waitFor();
      await expect(stepAt(page, 1).getAttribute('data-light')).resolves.toBe('red');
      await expect(stepAt(page, 1).getByTestId('step-carriers').innerText()).resolves.toContain(
        nextHandler,
      );
      await expect(stepAt(page, 0).getAttribute('data-light')).resolves.not.toBe('red');
      await page.getByTestId('task-history').waitFor();
      await expect(
        page.locator('[data-testid="history-item"][data-kind="light-changed"]').count(),
      ).resolves.toBeGreaterThan(0);
      await settle(page);
      await snap(page, 'work-task-red');
      await page.context().close();
    },
    SESSION_MS,
  );
});

describe('workflow templates are edited in the web and tasks start from them', () => {
  const KEY = `e2e-tpl-${RUN}`;
  const NAME = `E2E 信访件办理 ${RUN}`;

  it(
    'the supervision office writes a template with parallel steps, checked live; a leader starts a task from it',
    async () => {
      const page = await openPage();
      await login(page, 'ducha');
      await page.goto(`${baseURL}/work/settings`);
      await page.getByTestId('settings-templates').waitFor();
      await page.getByTestId('template-add').click();
      const drawer = page.getByTestId('template-drawer');
      await drawer.waitFor();
      await page.getByTestId('template-key').fill(KEY);
      await page.getByTestId('template-name-zh').fill(NAME);
      await page.getByTestId('template-name-en').fill(`E2E petition ${RUN}`);
      await page.getByTestId('template-step-name-0').fill('登记受理');
      // Two more steps; the second and third run in parallel (same order).
      await page.getByTestId('template-add-step').click();
      await page.getByTestId('template-add-step').click();
      await page.getByTestId('template-step-name-1').fill('调查核实');
      await page.getByTestId('template-step-name-2').fill('协调化解');
      // antd puts the test id on the number input itself or on its wrapper.
      await page
        .locator(
          'input[data-testid="template-step-seq-2"], [data-testid="template-step-seq-2"] input',
        )
        .fill('2');
      // A bad value is named at once, next to the step, and saving waits for the fix.
      await page.getByTestId('template-step-points-1').fill('1.234');
      await page.getByTestId('template-step-problems-1').waitFor();
      await expect(page.getByTestId('template-step-problems-1').innerText()).resolves.toContain(
        '分值',
      );
      await expect(page.getByTestId('template-save').isDisabled()).resolves.toBe(true);
      await settle(page);
      await snap(page, 'work-template-invalid');
      await page.getByTestId('template-step-points-1').fill('2.5');
      await expect.poll(() => page.getByTestId('template-step-problems-1').count()).toBe(0);
      // The preview shows the planned dates a task starting on a given day would get.
      await page.getByTestId('template-preview-start').fill('2026-12-01');
      const preview = page.getByTestId('template-preview');
      await expect.poll(() => preview.innerText()).toContain('2026-12-02 → 2026-12-02');
      await snap(page, 'work-template-editor');
      await page.getByTestId('template-save').click();
      await drawer.waitFor({ state: 'hidden' });
      await page.getByTestId(`template-edit-${KEY}`).waitFor();
      await page.context().close();

      // At phone width the list and the editor fit the screen.
      const phone = await openPage(390, 844);
      await login(phone, 'ducha');
      await phone.goto(`${baseURL}/work/settings`);
      await phone.getByTestId(`template-edit-${KEY}`).click();
      await phone.getByTestId('template-drawer').waitFor();
      await expect(phone.getByTestId('template-step-name-2').inputValue()).resolves.toBe(
        '协调化解',
      );
      // Nothing in the editor reaches past the screen's edge.
      const overflow = await phone.evaluate(
        "(() => { const body = document.querySelector('.ant-drawer-body'); return body.scrollWidth - body.clientWidth; })()",
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await settle(phone);
      await snap(phone, 'work-template-editor-phone');
      await phone.context().close();

      // A leader creates a task from it: the three steps arrive, the parallel two side by side.
      const leader = await openPage();
      await login(leader, 'lingdao');
      await leader.goto(`${baseURL}/work/tasks/new`);
      await leader.getByTestId('new-task').waitFor();
      await choose(leader, leader.getByTestId('task-template'), NAME);
      const drafts = leader.getByTestId('step-draft');
      await expect.poll(() => drafts.count()).toBe(3);
      await expect(drafts.nth(0).getByTestId('step-name').inputValue()).resolves.toBe('登记受理');
      await expect(drafts.nth(2).getByTestId('step-name').inputValue()).resolves.toBe('协调化解');
      await settle(leader);
      await snap(leader, 'work-new-task-from-edited-template');
      await leader.context().close();
    },
    SESSION_MS,
  );
});

describe('attachments travel with a task and its evidence', () => {
  it(
    'a handler completes a step with a photo as evidence on the task page; the file downloads from the history',
    async () => {
      const leaderCookie = await apiLogin('lingdao');
      // The task's own file, uploaded the way the new task page does.
      const form = new FormData();
      form.append(
        'file',
        new Blob(['通知全文：请于本周内完成排查。'], { type: 'text/plain' }),
        '排查通知.txt',
      );
      const upload = await fetch(`${baseURL}/api/attachments`, {
        method: 'POST',
        headers: { cookie: leaderCookie },
        body: form,
      });
      expect(upload.status).toBe(201);
      const notice = (await upload.json()) as { ref: string };
      const { items: categories } = await api<{
        items: { id: string; name: { 'zh-CN': string } }[];
      }>('GET', '/api/work/categories', leaderCookie);
      const category = categories.find((c) => c.name['zh-CN'] === '领导交办');
      if (!category) throw new Error('no 领导交办 category');
      const me = await fetch(`${baseURL}/api/auth/me`, {
        headers: { cookie: await apiLogin('ganbu') },
      });
      const cadre = ((await me.json()) as { account: { personId: string } }).account;
      const today = new Date().toISOString().slice(0, 10);
      const unitList = await api<{ id: string; name: string }[]>('GET', '/api/units', leaderCookie);
      const town = unitList.find((u) => u.name === TOWN);
      if (!town) throw new Error(`no unit ${TOWN}`);
      const created = await api<{ task: { id: string } }>('POST', '/api/work/tasks', leaderCookie, {
        categoryId: category.id,
        title: `E2E 附件：地质隐患排查 ${RUN}`,
        responsibleUnitId: town.id,
        startsOn: today,
        dueOn: today,
        attachments: [notice.ref],
        steps: [
          {
            seq: 1,
            name: '现场排查',
            plannedStart: today,
            plannedEnd: today,
            points: '2',
            tags: [],
            reviewRequired: false,
            assignees: [{ role: 'handler', personId: cadre.personId }],
          },
        ],
      });

      const page = await openPage();
      await login(page, 'ganbu');
      await page.goto(`${baseURL}/work/tasks/${created.task.id}`);
      await page.getByTestId('task-page').waitFor();
      await expect
        .poll(() => page.getByTestId('task-attachments').innerText())
        .toContain('排查通知.txt');
      await stepAt(page, 0).getByTestId('step-complete').click();
      const sheet = page.getByTestId('step-action-sheet');
      await sheet.getByTestId('step-action-note').fill('已排查，附现场照片');
      await sheet.getByTestId('step-evidence-input').setInputFiles({
        name: '现场照片.png',
        mimeType: 'image/png',
        buffer: Buffer.from(
          'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
          'base64',
        ),
      });
      await expect.poll(() => sheet.getByTestId('step-evidence-item').count()).toBe(1);
      await expect
        .poll(() => sheet.getByTestId('step-evidence-item').innerText())
        .toContain('现场照片.png');
      await settle(page);
      // The sheet is a fixed layer over the page: a viewport shot shows it with its file.
      await page.screenshot({ path: join(screenshotDir, 'work-step-evidence.png') });
      await sheet.getByTestId('step-action-submit').click();
      await sheet.waitFor({ state: 'hidden' });
      const completed = page.locator('[data-testid="history-item"][data-kind="step-completed"]');
      await expect
        .poll(() => completed.getByTestId('history-attachments').innerText())
        .toContain('现场照片.png');
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        completed.getByTestId('history-attachments-file').click(),
      ]);
      expect(file.suggestedFilename()).toBe('现场照片.png');
      await settle(page);
      await snap(page, 'work-task-evidence');
      await page.context().close();
    },
    SESSION_MS,
  );
});
