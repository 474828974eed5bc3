/**
 * The admin API's one error: an HTTP status and a message, answered as `{ "message": … }` by
 * `adminErrorAnswer` (workers/admin/admin.ts) from the router's `onError`, the only place it
 * becomes HTTP.
 */
export class AdminError extends Error {
  override readonly name = "AdminError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
