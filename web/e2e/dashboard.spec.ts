import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Runs against an API whose read model the real pipeline filled (e2e's DemoCommandTest runs it against `bin/debugd demo`):
// DEBUGD_DASHBOARD_URL, DEBUGD_TOKEN (read and act), DEBUGD_INGEST_TOKEN; screenshots go to DEBUGD_SCREENSHOTS and the
// figures the Java side checks (the incident opened here, the list's interactive time) to DEBUGD_RESULTS.
const token = required('DEBUGD_TOKEN');
const ingestToken = required('DEBUGD_INGEST_TOKEN');
const screenshots = process.env.DEBUGD_SCREENSHOTS ?? 'test-results/screenshots';
const results: Record<string, unknown> = {};

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through e2e's DemoCommandTest (see web/README.md)`);
  return value;
}

async function signIn(page: Page, value: string) {
  await page.goto('/');
  await page.getByLabel('API token').fill(value);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** No axe-core violation of WCAG 2.x A or AA on the page as it is. */
async function accessible(page: Page, name: string) {
  const report = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(report.violations.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`))
    .toEqual([]);
}

async function shoot(page: Page, name: string) {
  mkdirSync(screenshots, { recursive: true });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 1280 ? 800 : 844 });
    await page.screenshot({ path: join(screenshots, `${name}-${width}.png`) });
    await page.screenshot({ path: join(screenshots, `${name}-${width}-full.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test.describe.configure({ mode: 'serial' });

test.afterAll(() => {
  if (process.env.DEBUGD_RESULTS) writeFileSync(process.env.DEBUGD_RESULTS, JSON.stringify(results));
});

test('an ingest token cannot sign in', async ({ page }) => {
  await signIn(page, ingestToken);
  await expect(page.getByRole('alert')).toHaveText('This token cannot read incidents: sign in with a read or act token.');
  await expect(page.getByLabel('API token')).toBeVisible();
  await accessible(page, 'sign-in');
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
});

test('the list shows the incidents, interactive within a second', async ({ page }) => {
  await signIn(page, token);
  await expect(page.getByRole('heading', { name: 'Incidents' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'New error in checkout after a deploy' })).toBeVisible();
  expect(page.url()).not.toContain(token);
  // Interactive: from the navigation's start until the rows are there to click, the token coming from session storage.
  await page.reload();
  await page.getByRole('link', { name: 'New error in checkout after a deploy' }).waitFor();
  const interactive = await page.evaluate(() => performance.now());
  results.list_interactive_ms = Math.round(interactive);
  console.log(`dashboard: the incident list was interactive ${Math.round(interactive)} ms after navigation started`);
  expect(interactive).toBeLessThan(1000);
  const rows = page.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(7);
  await expect(page.locator('tbody .status.resolved').first()).toHaveText('resolved');
  await expect(page.getByText('● live')).toBeVisible();
  await accessible(page, 'list');
  await shoot(page, 'list');
});

test('an incident shows its timeline, hypotheses, diff and chart', async ({ page }) => {
  await signIn(page, token);
  await page.getByRole('link', { name: 'New error in checkout after a deploy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New error in checkout after a deploy' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await expect(page.locator('.timeline li').filter({ hasText: 'IncidentDetected' })).toHaveCount(1);
  await expect(page.locator('.timeline li').filter({ hasText: 'EvaluationCompleted' })).toHaveCount(1);
  await expect(page.locator('.hypotheses').first()).toContainText('code defect');
  await expect(page.locator('.hypotheses').first()).toContainText('76 %');
  await expect(page.getByRole('list', { name: 'Evidence it cites' }).first()).toContainText('Cannot invoke "Coupon.discount()"');
  const diff = page.getByRole('region', { name: 'The fix of cycle 1 as a diff' });
  await expect(diff).toContainText('+++ b/checkout/src/main/java/shop/checkout/Coupons.java');
  await expect(diff.locator('tr.added').first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'acme/shop#' }).first()).toHaveAttribute('href', /\/acme\/shop\/pull\/\d+$/);
  await expect(page.locator('.chart canvas')).toBeVisible();
  await expect(page.getByRole('img', { name: /Signature occurrences and failed requests/ })).toContainText('');
  await expect(page.locator('.verdict').first()).toHaveText('pass');
  await expect(page.getByText('Missing signals:')).toBeVisible();
  await accessible(page, 'incident');
  await shoot(page, 'incident');
});

test('the health page lists the agent profiles and the integration', async ({ page }) => {
  await signIn(page, token);
  await page.getByRole('link', { name: 'Health' }).click();
  await expect(page.getByRole('heading', { name: /^Health of / })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Agent profiles' })).toContainText('rca');
  await expect(page.getByRole('region', { name: 'Integrations' })).toContainText('github');
  await accessible(page, 'health');
});

test('a person opens an incident, and its next events arrive without a reload', async ({ page }) => {
  await signIn(page, token);
  await page.getByRole('button', { name: 'Open an incident…' }).click();
  const form = page.getByRole('form', { name: /^Open an incident by hand/ });
  await form.getByLabel('Service').fill('checkout');
  await form.getByLabel('Title').fill('Customers report failed coupon codes');
  await accessible(page, 'list with the confirmation open');
  await page.getByRole('button', { name: 'Confirm open an incident' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers report failed coupon codes' })).toBeVisible();
  const id = decodeURIComponent(page.url().split('#/incidents/')[1]);
  results.opened_incident_id = id;
  await expect(page.locator('.timeline li').filter({ hasText: 'IncidentDetected' })).toHaveCount(1);
  await page.evaluate(() => { (window as unknown as { notReloaded: boolean }).notReloaded = true; });
  // The dispatcher asks the context builder, then the RCA Agent: their facts come through the stream.
  await expect(page.locator('.timeline li').filter({ hasText: 'RootCauseProposed' })).toHaveCount(1, { timeout: 60_000 });
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await expect(page.getByRole('heading', { name: 'Actions' })).toBeVisible();
  await accessible(page, 'opened incident');
  // A person's fact goes through its confirmation, and the page shows it when the read model has it.
  await page.getByRole('button', { name: 'Suppress…' }).click();
  await page.getByLabel('Why').fill('a duplicate of the coupon incident');
  await accessible(page, 'confirmation');
  await page.getByRole('button', { name: 'Confirm suppress' }).click();
  await expect(page.locator('.summary .status')).toHaveText('suppressed', { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Reopen…' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});
