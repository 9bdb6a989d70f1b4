/** Invoiced's error object: `{type, message, param}` with 400/401/404/409/429. */
export type ApiErrorType = "invalid_request_error" | "authentication_error" | "api_error" | "rate_limit_error";

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500,
    readonly type: ApiErrorType,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }

  toJSON() {
    return { type: this.type, message: this.message, ...(this.param ? { param: this.param } : {}) };
  }
}

export const invalidRequest = (message: string, param?: string) => new ApiError(400, "invalid_request_error", message, param);

export const notFound = (what = "object") => new ApiError(404, "invalid_request_error", `No such ${what}`);

export const conflict = (message: string, param?: string) => new ApiError(409, "invalid_request_error", message, param);
