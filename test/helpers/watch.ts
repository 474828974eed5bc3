/** A promise's state as a test moves a manual clock: its value, its error, or still pending. */
export function watch<T>(promise: Promise<T>) {
  const seen: { state: "pending" | "resolved" | "rejected"; value?: T; error?: unknown } = { state: "pending" };
  promise.then(
    (value) => Object.assign(seen, { state: "resolved", value }),
    (error) => Object.assign(seen, { state: "rejected", error }),
  );
  return seen;
}
