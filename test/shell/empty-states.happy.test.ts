import { describe, expect, it } from "vitest";
import { signedIn } from "../invoices/helpers";

// Issue 17.7: every list that is empty says so in a sentence and offers the next step
// as a link; the sign-in page after signing out says the customer is signed out.

describe("empty states say what to do next", () => {
  it("invoices, statements, payment methods, subscriptions and contacts", async () => {
    const { portal } = await signedIn({ allowEditingContacts: true });
    const cases: [string, string, string][] = [
      ["/invoices", "You have no open invoices: there is nothing to pay right now.", '<a href="/invoices?status=all">'],
      ["/invoices?q=nothing", "No invoices match these filters.", '<a href="/invoices">Clear filters</a>'],
      ["/statements?type=open_item", "You have no open invoices: there is nothing to pay right now.", '<a href="/payments">See your payments</a>'],
      ["/statements?type=balance_forward&month=2020-01", "No invoices or payments up to the end of", '<a href="/statements?type=open_item">'],
      ["/payment-methods", "No saved payment methods. Add a card or bank account to pay faster", 'href="/payment-methods/new"'],
      ["/subscriptions", "You have no subscriptions.", '<a href="/account">Back to My Account</a>'],
      ["/billing", "No contacts yet.", '<a href="#add-contact">Add a contact</a>'],
    ];
    for (const [path, sentence, action] of cases) {
      const res = await portal.get(path);
      expect(res.status, path).toBe(200);
      expect(res.html, path).toContain(sentence);
      expect(res.html, path).toContain(action);
    }
  });

  it("signing out lands on the sign-in page that says so", async () => {
    const { portal } = await signedIn();
    await portal.get("/account");
    const out = await portal.post("/logout");
    expect(out.location).toBe("/login?signed_out=1");
    expect((await portal.get(out.location!)).html).toMatch(/signed out/i);
  });
});
