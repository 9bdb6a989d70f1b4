/**
 * The demo's catalogue and customers, in the merchant API's wire shapes
 * (Invoiced's field names, decimal amounts), so they go through the API's own
 * validation and totals code.
 */

export const TAX_RATES = [
  { id: "sales-tax", name: "Sales tax", value: 8.25, is_percent: true, inclusive: false },
  { id: "vat", name: "VAT", value: 20, is_percent: true, inclusive: false },
  { id: "eco-fee", name: "Eco fee", value: 2.5, is_percent: false, inclusive: false },
];

export const COUPONS = [
  { id: "welcome10", name: "Welcome 10%", value: 10, is_percent: true, duration: "once" },
  { id: "loyalty5", name: "Loyalty 5%", value: 5, is_percent: true, duration: "forever" },
  { id: "spring25", name: "Spring $25 off", value: 25, is_percent: false, duration: "once", currency: "usd" },
];

export const ITEMS = [
  { id: "consulting-hour", name: "Consulting (hour)", unit_cost: 150, description: "Senior consultant, billed per hour" },
  { id: "support-plan", name: "Support plan", unit_cost: 49, description: "Business-hours support, one month" },
  { id: "hardware-kit", name: "Hardware kit", unit_cost: 899.5, description: "Router, switch and cabling" },
  { id: "onboarding", name: "Onboarding", unit_cost: 500, description: "Set-up and data import" },
  { id: "training-day", name: "Training day", unit_cost: 1200, description: "On-site training for up to 10 people" },
  { id: "paper-a4", name: "A4 paper (box)", unit_cost: 24.99, description: "5 reams, 80 g/m²" },
];

export const PLANS = [
  { id: "starter-monthly", name: "Starter", currency: "usd", amount: 29, interval: "month", interval_count: 1 },
  { id: "pro-monthly", name: "Pro", currency: "usd", amount: 99, interval: "month", interval_count: 1 },
  { id: "pro-yearly", name: "Pro (yearly)", currency: "usd", amount: 990, interval: "year", interval_count: 1 },
  { id: "team-eur-monthly", name: "Team", currency: "eur", amount: 79, interval: "month", interval_count: 1 },
  // per-unit seat plans and their add-ons, for the subscriptions of the demo (issue 13)
  { id: "seats-monthly", name: "Seats", currency: "usd", amount: 12, interval: "month", interval_count: 1 },
  { id: "seats-yearly", name: "Seats (yearly)", currency: "usd", amount: 120, interval: "year", interval_count: 1 },
  { id: "support-monthly", name: "Priority support", currency: "usd", amount: 49, interval: "month", interval_count: 1 },
  { id: "support-yearly", name: "Priority support (yearly)", currency: "usd", amount: 490, interval: "year", interval_count: 1 },
];

export type DemoCustomer = {
  key: string;
  body: Record<string, unknown>;
  /** key of the parent customer (sub-customers) */
  parent?: string;
  contacts?: Record<string, unknown>[];
  /** relative share of the 200 invoices */
  weight: number;
};

const us = (city: string, state: string, postal_code: string) => ({ city, state, postal_code, country: "US" });

export const CUSTOMERS: DemoCustomer[] = [
  {
    key: "acme",
    weight: 5,
    body: {
      name: "Acme Corporation",
      number: "CUST-0001",
      email: "billing@acme.example",
      type: "company",
      attention_to: "Accounts Payable",
      address1: "100 Market Street",
      ...us("San Francisco", "CA", "94105"),
      phone: "+1 415 555 0100",
      currency: "usd",
      payment_terms: "NET 30",
      tax_id: "94-1234567",
    },
    contacts: [
      { name: "Wile E. Coyote", title: "Head of Procurement", email: "wile@acme.example", phone: "+1 415 555 0101", primary: true },
      { name: "Road Runner", title: "Accountant", email: "rr@acme.example", department: "Finance" },
    ],
  },
  {
    key: "acme-east",
    parent: "acme",
    weight: 2,
    body: {
      name: "Acme Corporation (East Coast)",
      number: "CUST-0002",
      email: "east@acme.example",
      type: "company",
      address1: "20 Water Street",
      ...us("New York", "NY", "10004"),
      currency: "usd",
      payment_terms: "NET 30",
    },
  },
  {
    key: "acme-labs",
    parent: "acme",
    weight: 1,
    body: {
      name: "Acme Labs",
      number: "CUST-0003",
      email: "labs@acme.example",
      type: "company",
      address1: "5 Research Park",
      ...us("Austin", "TX", "78701"),
      currency: "usd",
      payment_terms: "NET 15",
    },
  },
  {
    key: "globex",
    weight: 3,
    body: {
      name: "Globex Industries",
      number: "CUST-0004",
      email: "ap@globex.example",
      type: "company",
      address1: "1 Globex Plaza",
      ...us("Springfield", "OR", "97477"),
      phone: "+1 541 555 0199",
      currency: "usd",
      payment_terms: "NET 45",
    },
    contacts: [{ name: "Hank Scorpio", title: "CEO", email: "hank@globex.example", primary: true }],
  },
  {
    key: "initech",
    weight: 3,
    body: {
      name: "Initech",
      number: "CUST-0005",
      email: "finance@initech.example",
      type: "company",
      address1: "4120 Freidrich Lane",
      ...us("Austin", "TX", "78744"),
      currency: "usd",
      payment_terms: "NET 30",
    },
  },
  {
    key: "umbrella",
    weight: 2,
    body: {
      name: "Umbrella Health LLC",
      number: "CUST-0006",
      email: "payables@umbrella.example",
      type: "company",
      address1: "545 Raccoon Ave",
      ...us("Denver", "CO", "80202"),
      currency: "usd",
      payment_terms: "NET 30",
      taxable: false,
      notes: "Tax exempt: certificate on file",
    },
    contacts: [{ name: "Alice Abernathy", title: "Office manager", email: "alice@umbrella.example", primary: true }],
  },
  {
    key: "stark",
    weight: 2,
    body: {
      name: "Stark Workshop",
      number: "CUST-0007",
      email: "pepper@stark.example",
      type: "company",
      address1: "10880 Malibu Point",
      ...us("Malibu", "CA", "90265"),
      currency: "usd",
      payment_terms: "Due on receipt",
    },
  },
  {
    key: "jane",
    weight: 1,
    body: {
      name: "Jane Doe",
      number: "CUST-0008",
      email: "jane.doe@mail.example",
      type: "person",
      address1: "12 Elm Street",
      ...us("Portland", "ME", "04101"),
      currency: "usd",
      payment_terms: "NET 15",
    },
  },
  {
    key: "sam",
    weight: 1,
    body: {
      name: "Samuel Okafor",
      number: "CUST-0009",
      email: "sam.okafor@mail.example",
      type: "person",
      address1: "77 Lake Shore Drive",
      ...us("Chicago", "IL", "60611"),
      currency: "usd",
      payment_terms: "NET 15",
    },
  },
  {
    key: "lumiere",
    weight: 3,
    body: {
      name: "Lumière SARL",
      number: "CUST-0010",
      email: "compta@lumiere.example",
      type: "company",
      address1: "8 rue de la Paix",
      city: "Paris",
      postal_code: "75002",
      country: "FR",
      currency: "eur",
      payment_terms: "NET 30",
      tax_id: "FR40303265045",
      language: "fr",
    },
    contacts: [{ name: "Amélie Poulain", title: "Comptable", email: "amelie@lumiere.example", primary: true }],
  },
  {
    key: "lumiere-lyon",
    parent: "lumiere",
    weight: 1,
    body: {
      name: "Lumière Lyon",
      number: "CUST-0011",
      email: "lyon@lumiere.example",
      type: "company",
      address1: "3 place Bellecour",
      city: "Lyon",
      postal_code: "69002",
      country: "FR",
      currency: "eur",
      payment_terms: "NET 30",
    },
  },
  {
    key: "berg",
    weight: 2,
    body: {
      name: "Berg & Söhne GmbH",
      number: "CUST-0012",
      email: "buchhaltung@berg.example",
      type: "company",
      address1: "Friedrichstraße 43",
      city: "Berlin",
      postal_code: "10117",
      country: "DE",
      currency: "eur",
      payment_terms: "NET 14",
      tax_id: "DE136695976",
    },
    contacts: [{ name: "Greta Berg", title: "Geschäftsführerin", email: "greta@berg.example", primary: true }],
  },
];
