/** A posted form's text fields (`application/x-www-form-urlencoded` or multipart), "" for any absent. */

import type { Context } from "hono";

export type Fields = (name: string) => string;

/** The request's form body, read as text fields. */
export async function formFields(c: Context): Promise<Fields> {
  const body = await c.req.parseBody();
  return (name) => {
    const value = Object.hasOwn(body, name) ? body[name] : undefined;
    return typeof value === "string" ? value : "";
  };
}

/** The request's query parameters, read as text fields like a form's. */
export function queryFields(c: Context): Fields {
  const query = c.req.query();
  return (name) => (Object.hasOwn(query, name) ? query[name] : "");
}
