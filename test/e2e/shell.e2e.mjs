// Shell: loads under the strict CSP, switches language ko/en (persisted).
export default async function (ctx) {
  const { assert } = ctx;
  const context = await ctx.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto('/');
  await page.locator('toon-app header h1').waitFor();
  assert.match(await page.locator('toon-app header h1').innerText(), /Toonsmith/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.locator('[data-testid=locale]').selectOption('ko');
  await page.locator('toon-app label.lang', { hasText: '언어' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  await page.reload();
  await page.locator('toon-app label.lang', { hasText: '언어' }).waitFor();
  await page.locator('[data-testid=locale]').selectOption('en');
  await page.locator('toon-app label.lang', { hasText: 'Language' }).waitFor();
}
