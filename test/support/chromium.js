// Debian's headless Chromium driven by playwright-core, for tests of the pages the stack
// serves. .ci/run installs Chromium; a missing one fails the test that asks for it, saying
// what to install, rather than skipping it.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying to reach Google's hosts,
// which a closed network refuses.
export const CHROMIUM_FLAGS = Object.freeze(['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']);

export function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (.ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_FLAGS], headless: true });
}

/** The DOM a real browser builds from `url`, serialised. */
export async function renderedDom(url) {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const response = await page.goto(url);
    if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}`);
    return await page.content();
  } finally {
    await browser.close();
  }
}
