/** The explorer's messages: an error (DynamoDB's own words, or why the input is wrong) and a notice of success. */

import type { Child } from "hono/jsx";

/** An error, announced to screen readers; nothing when there is none. */
export function ErrorMessage(props: { error?: string; children?: Child }): Child {
  if (props.error === undefined) return null;
  return (
    <div class="error" role="alert">
      {props.error}
      {props.children}
    </div>
  );
}

/** A notice that something was done; nothing when there is none. */
export function Notice(props: { message?: string }): Child {
  if (props.message === undefined) return null;
  return (
    <div class="notice" role="status">
      {props.message}
    </div>
  );
}
