/**
 * Who a DynamoDB request comes from, by the deployment's settings: with AUTH on (the default)
 * the key whose SigV4 signature it carries (./authenticate.ts), among the CREDENTIALS secret's
 * keys (./credentials.ts); with AUTH "off", anyone, as the deployment's one account.
 */
import type { Env } from "../../env";
import { type Topology, topologyOf } from "../../topology";
import { regionOf } from "../region";
import { authenticate, type Verifier } from "./authenticate";
import { type AccessKey, credentialsOf } from "./credentials";
import type { Principal } from "./permissions";

/** The account a request acts for, and the region it is for. */
export interface RequestCaller {
  accountId: string;
  region: string;
  /** Whose policy limits what it may do: none when its key has no policy, or authentication is off. */
  principal?: Principal;
}

export type CallerEnv = Pick<Env, "AUTH" | "CREDENTIALS" | "ACCOUNT_ID" | "TOPOLOGY" | "DEFAULT_REGION">;

/** Whether the deployment checks signatures: unless AUTH says "off". */
const authOn = (env: Pick<Env, "AUTH">) => env.AUTH?.toLowerCase() !== "off";

/** The verifier of the last keys, topology and clock asked for: built once, not per request. */
let last: { keys: Map<string, AccessKey>; topology: Topology; now: () => number; verifier: Verifier } | undefined;

function verifierOf(keys: Map<string, AccessKey>, topology: Topology, now: () => number): Verifier {
  if (last?.keys !== keys || last.topology !== topology || last.now !== now) {
    last = { keys, topology, now, verifier: { key: (id) => keys.get(id), serves: (name) => topology.has(name), now } };
  }
  return last.verifier;
}

/**
 * The caller of `request`, whose headers `headers` reads and whose body is `body`. `continentOf` is asked, with authentication off,
 * when the request names no region. Throws DynamoDB's error for a request that does not verify.
 */
export function requestCaller(
  request: Request,
  headers: Pick<Headers, "get">,
  body: Uint8Array,
  env: CallerEnv,
  now: () => number,
  continentOf: () => string | undefined,
): RequestCaller {
  if (!authOn(env)) {
    return { accountId: env.ACCOUNT_ID, region: regionOf(headers.get("authorization") ?? undefined, env, continentOf) };
  }
  const verifier = verifierOf(credentialsOf(env.CREDENTIALS ?? "", env.ACCOUNT_ID), topologyOf(env), now);
  const { key, region } = authenticate({ method: request.method, url: request.url, headers, body }, verifier);
  const principal = key.policy && { accountId: key.accountId, profile: key.profile, policy: key.policy };
  return { accountId: key.accountId, region, ...(principal ? { principal } : {}) };
}
