/**
 * Who may use the console: whoever holds the admin token (workers/admin/admin-token.ts). A browser
 * shows it once, in `/console?token=…` (the link `npm start` prints) or the sign-in form, and gets
 * a session cookie for it: a digest of the token, never the token itself, `HttpOnly` and
 * `SameSite=Strict` (so another site's page cannot post the console's forms with it). A script
 * may instead send `Authorization: Bearer <token>` as to the admin API.
 */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { bearerMatches, tokenMatches } from "../admin/admin-token";
import { sha256Hex } from "../router/auth/sha256";
import { constantTimeEqual } from "../router/auth/sigv4";

export const SESSION_COOKIE = "dynaflare_console";

/** The session cookie's value for `token`. */
const sessionOf = (token: string) => sha256Hex(`dynaflare console session\n${token}`);

/** Whether the request is the token holder's: its cookie, or a bearer header. */
export function signedIn(c: Context, token: string | undefined): boolean {
  if (!token) return false;
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie !== undefined && constantTimeEqual(cookie, sessionOf(token))) return true;
  return bearerMatches(c.req.header("authorization"), token);
}

/** Signs the browser in when `given` is the token: sets the session cookie. */
export function signIn(c: Context, given: string | undefined, token: string | undefined): boolean {
  if (!tokenMatches(given, token)) return false;
  setCookie(c, SESSION_COOKIE, sessionOf(token as string), {
    path: "/console",
    httpOnly: true,
    sameSite: "Strict",
    secure: new URL(c.req.url).protocol === "https:",
  });
  return true;
}
