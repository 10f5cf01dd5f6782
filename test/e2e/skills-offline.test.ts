import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { skillItems } from '../../shared/instruments/skills';
import { createCampaign } from '../../shared/storage/campaigns';
import { importUnits } from '../../shared/storage/units';
import { sampleUnits, type TestStack } from '../support/stack';
import { axeViolations } from '../support/axe';
import { describeWithBrowser } from '../support/browser';
import { useBrowserStack } from '../support/browser-stack';

async function storedAssessments(stack: TestStack, campaign: string) {
  const result = await stack.deps.store.db.send(
    new ScanCommand({
      TableName: stack.deps.store.tableName,
      FilterExpression: '#type = :type AND campaign = :campaign',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'assessment', ':campaign': campaign },
    }),
  );
  return result.Items ?? [];
}

/** Fills the form as a team member taps it: an age band, a sex, then one level for every item. */
async function fillForm(page: Page, ageBand: string, level: 0 | 1 | 2) {
  await page.check(`input[name="ageBand"][value="${ageBand}"]`);
  await page.check('input[name="sex"][value="female"]');
  for (const item of skillItems) await page.check(`input[name="${item.id}"][value="${level}"]`);
}

/** The same with JavaScript on: part by part, "Tiếp" (next) after each. */
async function fillByParts(page: Page, ageBand: string, level: 0 | 1 | 2) {
  await page.check(`input[name="ageBand"][value="${ageBand}"]`);
  await page.check('input[name="sex"][value="female"]');
  for (;;) {
    const part = page.locator('section.part:not([hidden])');
    for (const item of skillItems) {
      const radio = part.locator(`input[name="${item.id}"][value="${level}"]`);
      if ((await radio.count()) > 0) await radio.check();
    }
    const next = part.getByRole('button', { name: 'Tiếp' });
    if ((await next.count()) === 0) return;
    await next.click();
  }
}

describeWithBrowser('self-assessment page in Chromium', () => {
  const e2e = useBrowserStack({
    async seed(stack) {
      await importUnits(stack.deps.store, sampleUnits);
      return {
        campaign: await createCampaign(stack.deps.store, { unit: 'cb-d1-c1', team: 'T07' }),
        plainCampaign: await createCampaign(stack.deps.store, { unit: 'cb-d1-c2' }),
      };
    },
  });

  it('queues three assessments offline, sends them when back online, and reloads offline', async () => {
    const context = await e2e.browser.newContext({ locale: 'vi-VN', viewport: { width: 360, height: 640 } });
    const page = await context.newPage();
    const url = `${e2e.origin}/s/${e2e.seeded.campaign.id}`;
    await page.goto(url);
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, {
      timeout: 15_000,
    });

    // The offline state is at the top of the page, in the sticky bar.
    await expect.poll(() => page.textContent('#net')).toBe('Trang đã sẵn sàng dùng khi không có mạng.');
    await context.setOffline(true);
    await expect.poll(() => page.textContent('#net')).toContain('Đang mất mạng');
    expect(await page.locator('#net').evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(100);
    for (const ageBand of ['15-24', '35-44', '65+']) {
      await fillByParts(page, ageBand, 2);
      await page.click('button[type="submit"]');
      // The form resets for the next person without a reload.
      await expect.poll(() => page.isChecked(`input[name="ageBand"][value="${ageBand}"]`)).toBe(false);
    }
    await expect.poll(() => page.getAttribute('#queue', 'data-count')).toBe('3');
    expect(await page.textContent('#queue')).toBe('3 phiếu chờ gửi');
    expect(await storedAssessments(e2e.stack, e2e.seeded.campaign.id)).toHaveLength(0);

    await context.setOffline(false);
    await expect.poll(() => page.getAttribute('#queue', 'data-count'), { timeout: 20_000 }).toBe('0');
    await expect.poll(() => page.textContent('#msg')).toBe('Đã gửi hết phiếu');
    const stored = await storedAssessments(e2e.stack, e2e.seeded.campaign.id);
    expect(stored).toHaveLength(3);
    expect(stored.map((item) => item.ageBand).sort()).toEqual(['15-24', '35-44', '65+']);
    expect(stored.every((item) => item.assistedBy === 'T07')).toBe(true);

    await context.setOffline(true);
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    expect(await page.textContent('h1')).toBe('Tự đánh giá kỹ năng số');
    expect(await page.locator(`input[name="${skillItems[0]!.id}"]`).count()).toBe(3);
    await context.close();
  });

  it('posts the plain form with JavaScript disabled and stores one assessment', async () => {
    const context = await e2e.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${e2e.origin}/s/${e2e.seeded.plainCampaign.id}?lang=en`);
    await fillForm(page, '25-34', 1);
    await page.selectOption('select[name="ethnicity"]', 'hmong');
    await Promise.all([page.waitForURL(/saved=1/), page.click('button[type="submit"]')]);
    expect(await page.textContent('#msg')).toBe('Saved. Next person, please.');
    const stored = await storedAssessments(e2e.stack, e2e.seeded.plainCampaign.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ ageBand: '25-34', sex: 'female', ethnicity: 'hmong' });
    await context.close();
  });

  it('asks the questions in parts with progress, and keeps the answers given when the page reloads mid-way', async () => {
    const context = await e2e.browser.newContext({
      locale: 'vi-VN',
      viewport: { width: 360, height: 640 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    const response = await page.goto(`${e2e.origin}/s/${e2e.seeded.plainCampaign.id}`);
    // Issue 8: the page is sent with its CSP and nosniff.
    expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');
    const parts = await page.locator('section.part').count();
    expect(parts).toBeGreaterThanOrEqual(4);
    expect(await page.textContent('#part')).toBe(`Phần 1/${parts}`);
    expect(await page.locator('section.part:not([hidden])').count()).toBe(1);
    expect(await page.textContent('#progt')).toBe(`Đã trả lời 0/${skillItems.length + 2} câu`);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/skills-part1-360x640.png' });

    // "Tiếp" with the part unanswered stays on it.
    await page.getByRole('button', { name: 'Tiếp' }).first().click();
    expect(await page.textContent('#part')).toBe(`Phần 1/${parts}`);

    await page.check('input[name="ageBand"][value="25-34"]');
    await page.check('input[name="sex"][value="male"]');
    await page.selectOption('select[name="ethnicity"]', 'tay');
    await page.locator('section.part:not([hidden])').getByRole('button', { name: 'Tiếp' }).click();
    expect(await page.textContent('#part')).toBe(`Phần 2/${parts}`);
    const first = skillItems[0]!.id;
    await page.check(`input[name="${first}"][value="1"]`);
    expect(await page.textContent('#progt')).toBe(`Đã trả lời 3/${skillItems.length + 2} câu`);
    expect(await page.locator('#prog').evaluate((el) => (el as HTMLProgressElement).value)).toBe(3);
    await page.screenshot({ path: 'test-results/skills-part2-360x640.png' });

    await page.reload();
    expect(await page.textContent('#part')).toBe(`Phần 2/${parts}`);
    expect(await page.isChecked(`input[name="${first}"][value="1"]`)).toBe(true);
    expect(await page.isChecked('input[name="ageBand"][value="25-34"]')).toBe(true);
    expect(await page.inputValue('select[name="ethnicity"]')).toBe('tay');
    expect(await page.textContent('#msg')).toBe('Đã khôi phục các câu trả lời đang làm dở.');
    expect(await page.textContent('#progt')).toBe(`Đã trả lời 3/${skillItems.length + 2} câu`);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
