// Debian's chromium driven by playwright-core: never a downloaded browser.
import { chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/**
 * Headless chromium with the flags these machines need (no background traffic on
 * a closed network, no sandbox in containers). playwright gives every launch a
 * fresh temporary user-data-dir and removes it on close. `*.localhost` is mapped
 * to 127.0.0.1 explicitly so IPv6 `::1` is never tried against a v4-only server.
 */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--host-resolver-rules=MAP *.localhost 127.0.0.1, MAP localhost 127.0.0.1",
    ],
  });
}
