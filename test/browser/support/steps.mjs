// Page steps for the estimate and page-audit browser tests. Not a test file.

/**
 * Clicks a submit button (or link) and waits until the page shows `ready` (a locator),
 * so one step works with JavaScript off (a full navigation) and on (htmx swaps the body).
 */
export async function submitAndWait(button, ready) {
  await button.click();
  await ready.waitFor();
}
