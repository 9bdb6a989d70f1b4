import { HOUR } from "./time";

/**
 * The platform's ceilings (S15, S21). A tenant's settings may shorten them, never
 * lengthen them; settings validation, the session checks and the SQL that touches a
 * session all read them from here so they cannot drift apart.
 */
export const SESSION_IDLE_MAX = HOUR;
export const SESSION_ABSOLUTE_MAX = 12 * HOUR;
export const SSO_LIFETIME_MAX = HOUR;
