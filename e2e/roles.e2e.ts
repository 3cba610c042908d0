import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, snap } from './browser.ts';

const baseURL = inject('baseURL');
const PASSWORD = 'Tianheng@2026';

/** Menu entries each demo login must see — and no others. */
const expectedMenus: Record<string, string[]> = {
  admin: ['dashboard', 'units', 'people', 'accounts', 'audit', 'me'],
  kaohe: ['dashboard', 'units', 'people', 'me'],
  ducha: ['dashboard', 'units', 'people', 'me'],
  lingdao: ['dashboard', 'units', 'people', 'me'],
  danwei: ['dashboard', 'units', 'people', 'me'],
  ganbu: ['dashboard', 'units', 'people', 'me'],
};
const allMenus = ['dashboard', 'units', 'people', 'accounts', 'audit', 'me'];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
});

async function openPage(width = 1280, height = 800): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    throw error;
  });
  return page;
}

async function login(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${baseURL}/`);
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-tenant').fill('demo');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

async function visibleMenus(page: Page): Promise<string[]> {
  await page.getByTestId('main-menu').waitFor();
  const found: string[] = [];
  for (const key of allMenus)
    if ((await page.getByTestId(`menu-${key}`).count()) > 0) found.push(key);
  return found;
}

describe('each demo login sees its own menu and only what its role allows', () => {
  it.each(Object.entries(expectedMenus))('%s', async (username, menus) => {
    const page = await openPage();
    await login(page, username);
    await page.getByTestId('dashboard').waitFor();
    expect(await visibleMenus(page)).toEqual(menus);
    await expect(page.getByTestId('header-tenant').innerText()).resolves.toContain('溪山县');
    await snap(page, `role-${username}-dashboard`);

    await page.getByTestId('menu-people').click();
    if (username === 'ganbu') {
      // A cadre's people entry is their own record, nobody else's.
      await page.getByTestId('person-page').waitFor();
      await expect(page.getByTestId('person-history').count()).resolves.toBe(1);
    } else {
      await page.getByTestId('person-table').waitFor();
      await page.getByTestId('person-row').first().waitFor();
      const canWrite = username === 'kaohe';
      await expect(page.getByTestId('person-add').count()).resolves.toBe(canWrite ? 1 : 0);
      await expect(page.getByTestId('import-button').count()).resolves.toBe(canWrite ? 1 : 0);
    }
    await snap(page, `role-${username}-people`);
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    await page.context().close();
  });
});

describe('organisation work through the UI', () => {
  it('lets the assessment office add a section under a town and find it in the tree', async () => {
    const page = await openPage();
    await login(page, 'kaohe');
    await page.getByTestId('menu-units').click();
    await page.getByTestId('unit-tree').waitFor();
    await page.locator('[data-testid="unit-node"][data-unit-name="青龙镇"]').first().click();
    await page.getByTestId('unit-add-child').click();
    await page.getByTestId('unit-form').waitFor();
    await page.getByTestId('unit-form-kind').click();
    await page.locator('.ant-select-item-option', { hasText: '股室' }).first().click();
    await page.getByTestId('unit-form-name').fill('青龙镇数据中心');
    await page.getByTestId('unit-form-submit').click();
    await page
      .locator('[data-testid="unit-node"][data-unit-name="青龙镇数据中心"]')
      .first()
      .waitFor();
    await snap(page, 'units-added-section');
    await page.context().close();
  });

  it('shows a leader only their own town', async () => {
    const page = await openPage();
    await login(page, 'lingdao');
    await page.getByTestId('menu-people').click();
    await page.getByTestId('person-row').first().waitFor();
    const units = await page.getByTestId('person-table').innerText();
    expect(units).toContain('青龙镇');
    await expect(page.getByTestId('person-add').count()).resolves.toBe(0);
    await page.context().close();
  });
});

describe('at phone width', () => {
  it('a cadre opens the menu drawer and reads their own record', async () => {
    const page = await openPage(390, 844);
    await login(page, 'ganbu');
    await page.getByTestId('dashboard').waitFor();
    await snap(page, 'phone-cadre-dashboard');
    await page.getByTestId('menu-toggle').click();
    await page.getByTestId('menu-people').click();
    await page.getByTestId('person-page').waitFor();
    const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
    expect(width).toBeLessThanOrEqual(390);
    await snap(page, 'phone-cadre-person');
    await page.context().close();
  });
});

describe('English', () => {
  it('switches the login page to English', async () => {
    const page = await openPage();
    await page.goto(`${baseURL}/`);
    await page.getByTestId('lang-switch').click();
    await expect(page.getByTestId('login-submit').innerText()).resolves.toMatch(
      /log ?in|sign ?in/i,
    );
    await snap(page, 'login-english');
    await page.context().close();
  });
});

describe('lockout', () => {
  it('locks an account after five wrong passwords and refuses the right one', async () => {
    const page = await openPage();
    await page.goto(`${baseURL}/`);
    for (let i = 0; i < 5; i++) {
      await login(page, 'danwei', 'Wrong-pass-1');
      await page.getByTestId('login-error').waitFor();
    }
    await login(page, 'danwei');
    await expect(page.getByTestId('login-error').innerText()).resolves.toContain('锁定');
    await snap(page, 'login-locked');
    await page.context().close();
  });
});
