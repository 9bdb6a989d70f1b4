import type { IsolationCase } from "./types";

// The shell's pages hold nothing personal: the front door, the tenant's theme
// and the accessibility statement are the same for everyone on the host.
export const cases: IsolationCase[] = [
  { method: "GET", route: "/", public: true },
  { method: "GET", route: "/theme.css", public: true },
  { method: "GET", route: "/accessibility", public: true },
];
