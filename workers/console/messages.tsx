/** The console's message boxes: an error (DynamoDB's own words, or why the input is wrong) and a notice of success. */

import type { Child } from "hono/jsx";

/** An error, announced to screen readers; nothing without one. */
export function ErrorBox(props: { message?: string; children?: Child }): Child {
  if (props.message === undefined) return null;
  return (
    <div class="error" role="alert">
      {props.message}
      {props.children}
    </div>
  );
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
