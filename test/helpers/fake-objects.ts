/**
 * Fake Durable Object namespaces for unit tests in Node of code that calls objects through the
 * link (workers/link/link.ts): the link only looks ids up by name and calls methods on stubs, so
 * each fake object answers every method with `answer(name, method, args)` and records the call.
 */
import type { Env } from "../../workers/env";

/** Every call a fake object got: the object's name, the method and its arguments. */
export type Received = { name: string; method: string; args: unknown[] }[];

export type Answer = (name: string, method: string, args: unknown[]) => unknown;

function namespace(received: Received, answer: Answer) {
  return {
    idFromName: (name: string) => ({ name }),
    get: (id: { name: string }) =>
      new Proxy(
        {},
        {
          get:
            (_target, method: string) =>
            async (...args: unknown[]) => {
              received.push({ name: id.name, method, args });
              return answer(id.name, method, args);
            },
        },
      ),
  };
}

/** Bindings whose metadata and replica objects answer with `answer`; `received` records their calls. */
export function fakeObjects(answer: Answer, latency = "off") {
  const received: Received = [];
  const env = {
    METADATA: namespace(received, answer),
    REPLICA: namespace(received, answer),
    REGION_LATENCY_MS: latency,
  } as unknown as Pick<Env, "METADATA" | "REPLICA" | "REGION_LATENCY_MS">;
  return { env, received };
}
