/**
 * A notice that survives one redirect (POST → 303 → GET): what a form did, kept in a short-lived
 * cookie by the POST and shown, then cleared, by the next page that takes it. Also the error
 * and notice boxes the pages print (escaped like every value).
 */

import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Child } from "hono/jsx";

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

/** A notice that something was done; nothing without one. */
export function NoticeBox(props: { message?: string }): Child {
  if (props.message === undefined) return null;
  return (
    <div class="notice" role="status">
      {props.message}
    </div>
  );
}

/** An error, announced to screen readers; nothing without one. */
export function ErrorBox(props: { message?: string }): Child {
  if (props.message === undefined) return null;
  return (
    <div class="error" role="alert">
      {props.message}
    </div>
  );
}
