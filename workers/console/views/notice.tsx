/**
 * A notice that survives one redirect (POST → 303 → GET): what a form did, kept in a short-lived
 * cookie by the POST and shown, then cleared, by the next page that takes it (in ../messages.tsx's
 * NoticeBox).
 */

import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";

const NOTICE_COOKIE = "dynaflare_console_notice";
/** How long a notice waits for its page. */
const NOTICE_SECONDS = 60;
const MAX_NOTICE = 500;

/** Keeps `message` for the next page. */
export function setNotice(c: Context, message: string): void {
  setCookie(c, NOTICE_COOKIE, message.slice(0, MAX_NOTICE), {
    path: "/console",
    httpOnly: true,
    sameSite: "Strict",
    maxAge: NOTICE_SECONDS,
    secure: new URL(c.req.url).protocol === "https:",
  });
}

/** The notice kept for this page, if any; cleared. */
export function takeNotice(c: Context): string | undefined {
  const kept = getCookie(c, NOTICE_COOKIE);
  if (kept === undefined) return undefined;
  deleteCookie(c, NOTICE_COOKIE, { path: "/console" });
  return kept.slice(0, MAX_NOTICE);
}
