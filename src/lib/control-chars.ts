/**
 * Control characters: C0 (NUL, tab, CR, LF, ...), DEL, C1, and the Unicode line and
 * paragraph separators. None belongs in a name, a number or anything that may end up
 * in a mail header: a line break there starts a new header (header injection).
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export const hasControlChars = (s: string): boolean => CONTROL.test(s);

/** The message a refused field gets (the API prefixes the field's name). */
export const CONTROL_CHARS_MESSAGE = "must not contain line breaks or other control characters";

/** Each run of control characters becomes one space, then the ends are trimmed: for header values. */
export const stripControlChars = (s: string): string => s.replace(CONTROLS, " ").trim();
