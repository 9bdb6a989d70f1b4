/**
 * Fixed, documented credentials of the local demo tenant. They are public on
 * purpose (README, `npm run dev` prints them) and exist only where the seed
 * route exists: ENVIRONMENT=development.
 */
export const DEMO_USERNAME = "demo";
export const DEMO_NAME = "Northwind Supplies";
export const DEMO_API_KEY = "demoApiKeyForLocalDevelopment000";
/** 63 characters, like an Invoiced SSO key. */
export const DEMO_SSO_KEY = "demoSsoKeyForLocalDevelopmentOnlyNeverUseThisValueInProduction0";
/** the demo customer to sign in as (the link lands in the development outbox) */
export const DEMO_CUSTOMER_EMAIL = "billing@acme.example";
