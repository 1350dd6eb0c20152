/** Debian's Chromium (or CHROME_PATH) as every browser benchmark launches it: headless, no sandbox, nothing fetched. */
import puppeteer, { type Browser, type LaunchOptions } from 'puppeteer-core';

export function launchChromium(options: Pick<LaunchOptions, 'protocolTimeout'> = {}): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    ...options,
  });
}
