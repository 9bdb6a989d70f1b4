/** Messages per field name, the first problem of each (shown next to the field). */
export type FieldErrors = Record<string, string>;
