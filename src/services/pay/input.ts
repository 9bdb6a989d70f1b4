import type { PaySelection } from "./plan";

/**
 * A payment as the pay form posts it (read by routes/portal/forms/pay.ts): what to
 * pay, how, and the typed method's fields. Card fields are never put back into a page.
 */
export type PayForm = {
  selection: PaySelection;
  method: string;
  card: { number: string; expiry: string; cvc: string; name: string };
  bank: { routingNumber: string; accountNumber: string; accountHolderName: string };
  saveMethod: boolean;
  autopay: boolean;
};
