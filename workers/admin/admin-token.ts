/**
 * The admin token (the ADMIN_TOKEN secret; under `npm start`, `<data>/admin-token`): what the admin
 * API (./admin.ts), the console (workers/console) and `/metrics` ask of a caller. None is accepted
 * when no token is configured.
 */
import { constantTimeEqual } from "../router/auth/sigv4";

/** Whether `given` is the configured token `token`. */
export function tokenMatches(given: string | undefined, token: string | undefined): boolean {
  return !!token && given !== undefined && constantTimeEqual(given, token);
}

/** Whether `authorization` is `Bearer <token>`. */
export function bearerMatches(authorization: string | undefined, token: string | undefined): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return !!match && tokenMatches(match[1], token);
}
