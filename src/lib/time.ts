/** Unix seconds. Services take `now` as an argument so that tests can move the clock. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86400;
