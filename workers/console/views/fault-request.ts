/**
 * A fault form's fields as the admin API's fault action (workers/admin/fault-actions.ts, the same
 * shapes as the JSON of `POST /admin/faults`): `action`, and `replica`, two `zones` or `region` as
 * the action needs; `parseFaultAction` then checks it. And where to go once it is applied: the
 * form's `back`, when it is a console page, else the faults page.
 */

type FormValue = string | File | (string | File)[];

/** The strings a form field holds (a field may repeat). */
function valuesOf(form: Record<string, FormValue>, name: string): string[] {
  const value = form[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return all.filter((v): v is string => typeof v === "string").map((v) => v.trim());
}

/** The fault action object the form asks for (unchecked). */
export function faultActionBody(form: Record<string, FormValue>): Record<string, unknown> {
  const first = (name: string) => valuesOf(form, name)[0];
  const body: Record<string, unknown> = { action: first("action") ?? "" };
  const replica = first("replica");
  if (replica !== undefined) body.replica = replica;
  const zones = valuesOf(form, "zones");
  if (zones.length > 0) body.zones = zones;
  const region = first("region");
  if (region !== undefined) body.region = region;
  return body;
}

/** `back` as a path and query inside the console; undefined when it is anything else. */
export function consolePathOf(back: FormValue | undefined): string | undefined {
  if (typeof back !== "string" || !back.startsWith("/console") || back.includes("\\")) return undefined;
  let url: URL;
  try {
    url = new URL(back, "http://console.invalid");
  } catch {
    return undefined;
  }
  if (url.origin !== "http://console.invalid") return undefined;
  if (url.pathname !== "/console" && !url.pathname.startsWith("/console/")) return undefined;
  return `${url.pathname}${url.search}`;
}

/** What was done, in words, for the notice. */
export function describeAction(body: Record<string, unknown>): string {
  const action = String(body.action);
  if (Array.isArray(body.zones)) return `${action}: zones ${body.zones.join(" and ")}`;
  if (typeof body.region === "string" && (action === "isolate" || action === "rejoin"))
    return `${action}: region ${body.region}`;
  if (typeof body.replica === "string" && action !== "reset") return `${action}: replica ${body.replica}`;
  return action;
}
