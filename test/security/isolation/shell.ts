import type { IsolationCase } from "./types";

export const cases: IsolationCase[] = [{ method: "GET", route: "/", public: true }];
