// Debian's Chromium and the flags every browser run here uses (end-to-end tests and bench:launch):
// headless, no sandbox (containers), and none of the browser's own network traffic.
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
