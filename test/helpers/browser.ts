/**
 * A real headless Chromium for the console's browser tests, driven by playwright-core: Debian's
 * `chromium` package (CI's `.ci/run` installs it; `apt-get install chromium` on a development
 * machine), never a browser Playwright downloads. Flags as this machine needs them: no sandbox
 * (tests run as root), no GPU, and no background networking (the network is closed).
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
