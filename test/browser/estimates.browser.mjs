import { assert, test } from "./lib/harness.mjs";
import { created, portalPath } from "./support/merchant-api.mjs";
import { signIn, uniqueEmail } from "./support/portal.mjs";
import { submitAndWait } from "./support/steps.mjs";

// Issue 5 acceptance, with and without JavaScript: a customer signs in, approves an
// estimate with initials and sees the approval record, declines another with a
// reason, and approves one with a deposit, which leads to /pay, is paid with the
// test card and then shows the deposit paid (also `deposit_paid` in the API).

const DAY = 86_400;

async function estimatesFixture(t, label) {
  const tenant = await t.createTenant({ name: `Estimates ${label} Co` });
  const email = uniqueEmail("estimates");
  const customer = await created(tenant.api, "/customers", { name: "Ada Lovelace", email });
  const expires = Math.floor(Date.now() / 1000) + 30 * DAY;
  const estimate = (name, extra = {}) =>
    created(tenant.api, "/estimates", {
      customer: customer.id,
      name,
      draft: false,
      sent: true,
      expiration_date: expires,
      terms: "Work starts within two weeks of approval.",
      items: [
        { name: "Consulting (hour)", quantity: 2, unit_cost: "150.00" },
        { name: "Onboarding", quantity: 1, unit_cost: "100.00" },
      ],
      ...extra,
    });
  return {
    tenant,
    email,
    toApprove: await estimate("Kitchen remodel"),
    toDecline: await estimate("Garden shed"),
    withDeposit: await estimate("Roof repair", { deposit: "50.00" }),
  };
}

for (const javaScript of [true, false]) {
  const mode = `JavaScript ${javaScript ? "on" : "off"}`;

  test(`a customer approves, declines and pays a deposit on estimates (${mode})`, async (t) => {
    const f = await estimatesFixture(t, javaScript ? "JS" : "NoJS");
    const { tenant } = f;
    assert.equal(f.withDeposit.total, 400);
    const { page } = await signIn(t, tenant, f.email, { javaScript });

    // the list links to each estimate; open the first one from there
    await page.getByRole("link", { name: "Estimates", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Estimates" }).waitFor();
    await t.checkA11y(page, { name: "list" });
    await submitAndWait(
      page.getByRole("link", { name: `${f.toApprove.number} · Kitchen remodel` }),
      page.getByRole("heading", { level: 1, name: `Estimate ${f.toApprove.number}` }),
    );
    await t.checkA11y(page, { name: "open-estimate" });

    // approve with initials
    await page.getByLabel("I agree to the terms of this estimate").check();
    await page.getByLabel("Your initials or full name").fill("A.L.");
    await submitAndWait(page.getByRole("button", { name: "Approve estimate" }), page.getByRole("heading", { name: "Approval record" }));
    const record = page.locator(".approval-record");
    assert.equal((await record.locator(".approval-initials").textContent()).trim(), "A.L.");
    assert.match(await record.textContent(), new RegExp(f.email.replace(/[.+]/g, "\\$&")));
    assert.match(await record.locator("code.hash").textContent(), /^[0-9a-f]{64}$/);
    assert.match(await page.getByRole("status").textContent(), /You approved this estimate/);
    assert.equal(await page.getByRole("button", { name: "Approve estimate" }).count(), 0, "no second approval offered");
    await t.checkA11y(page, { name: "approved" });
    await t.screenshot(page, "approved");
    const approved = await tenant.api.get(`/estimates/${f.toApprove.id}`);
    assert.equal(approved.body.status, "approved");
    assert.equal(approved.body.approved, "A.L.");

    // decline another with a reason
    await page.goto(t.portalUrl(tenant.username, portalPath(f.toDecline)));
    await page.locator(".decline-panel > summary").click();
    await page.getByLabel("Reason (optional)").fill("We found a cheaper offer.");
    await submitAndWait(page.getByRole("button", { name: "Decline estimate" }), page.getByRole("heading", { name: "You declined this estimate" }));
    assert.match(await page.locator(".decline-record").textContent(), /We found a cheaper offer\./);
    await t.checkA11y(page, { name: "declined" });
    const declined = await tenant.api.get(`/estimates/${f.toDecline.id}`);
    assert.equal(declined.body.status, "declined");
    assert.equal(declined.body.declined_reason, "We found a cheaper offer.");

    // approving the one with a deposit leads straight to paying the deposit
    await page.goto(t.portalUrl(tenant.username, portalPath(f.withDeposit)));
    assert.match(await page.locator("#deposit-note").textContent(), /deposit of \$50\.00/);
    await page.getByLabel("I agree to the terms of this estimate").check();
    await page.getByLabel("Your initials or full name").fill("Ada Lovelace");
    await submitAndWait(page.getByRole("button", { name: "Approve estimate" }), page.getByRole("heading", { level: 1, name: "Pay a deposit" }));
    assert.equal(new URL(page.url()).pathname, "/pay");
    assert.equal(new URL(page.url()).searchParams.get("estimate"), f.withDeposit.public_id);
    await t.checkA11y(page, { name: "pay-deposit" });

    await page.locator("input[name=method][value=new_card]").check();
    await page.fill("input[name=card_number]", "4242 4242 4242 4242");
    await page.fill("input[name=card_expiry]", "12/34");
    await page.fill("input[name=card_cvc]", "123");
    await page.fill("input[name=card_name]", "Ada Lovelace");
    await submitAndWait(page.getByRole("button", { name: "Review payment" }), page.getByRole("heading", { level: 1, name: "Confirm your payment" }));
    assert.match(await page.locator("table").first().textContent(), new RegExp(`Deposit for estimate ${f.withDeposit.number}`));
    await submitAndWait(page.getByRole("button", { name: "Pay $50.00" }), page.getByRole("heading", { level: 1, name: /your payment was received/ }));

    await page.goto(t.portalUrl(tenant.username, portalPath(f.withDeposit)));
    await page.getByRole("rowheader", { name: "Deposit (paid)" }).waitFor();
    assert.equal(await page.getByRole("link", { name: "Pay the deposit" }).count(), 0, "nothing left to pay");
    assert.ok(await page.getByRole("heading", { name: "Approval record" }).isVisible());
    await t.checkA11y(page, { name: "deposit-paid" });
    await t.screenshot(page, "deposit-paid");
    const paid = await tenant.api.get(`/estimates/${f.withDeposit.id}`);
    assert.equal(paid.body.status, "approved");
    assert.equal(paid.body.deposit_paid, true);
  });
}
