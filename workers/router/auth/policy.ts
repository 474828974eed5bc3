/**
 * A key's access policy: a small subset of an IAM identity-based policy document, carried next to
 * the key as `dynaflare_policy` (one line of JSON) in the credentials file (./credentials.ts).
 *
 * Statements have `Effect` (Allow or Deny), `Action` (`dynamodb:<Operation>`, with `*` and `?`
 * wildcards, matched without regard to case as IAM does) and `Resource` (ARNs with `*` and `?`
 * wildcards: tables `arn:aws:dynamodb:<region>:<account>:table/<name>`, their indexes
 * `…/index/<name>`, or `*`), each a string or a list. A request is allowed when some Allow
 * statement matches each action and resource it needs and no Deny statement does: an explicit
 * Deny wins. A key without a policy may do anything its account may.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */

export interface Statement {
  effect: "Allow" | "Deny";
  actions: RegExp[];
  resources: RegExp[];
}

export interface Policy {
  statements: Statement[];
}

/** The outcome of evaluating a policy for one action on one resource. */
export type Decision = "allowed" | "implicitDeny" | "explicitDeny";

/** A wildcard pattern (`*` any run, `?` one character) as an anchored regular expression. */
function wildcard(pattern: string, ignoreCase: boolean): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, ignoreCase ? "is" : "s");
}

const list = (value: unknown): string[] | undefined =>
  typeof value === "string"
    ? [value]
    : Array.isArray(value) && value.every((v) => typeof v === "string")
      ? (value as string[])
      : undefined;

/** The policy a document's JSON text states. Throws on a document outside the subset. */
export function parsePolicy(text: string): Policy {
  const document = JSON.parse(text) as { Statement?: unknown };
  const raw = Array.isArray(document?.Statement) ? document.Statement : [document?.Statement];
  const statements = raw.map((entry: unknown, i: number): Statement => {
    const { Effect, Action, Resource } = (entry ?? {}) as Record<string, unknown>;
    const actions = list(Action);
    const resources = list(Resource);
    if ((Effect !== "Allow" && Effect !== "Deny") || !actions || !resources) {
      throw new Error(`statement ${i + 1} needs Effect (Allow or Deny), Action and Resource`);
    }
    return {
      effect: Effect,
      actions: actions.map((a) => wildcard(a, true)),
      resources: resources.map((r) => wildcard(r, false)),
    };
  });
  return { statements };
}

/** Whether `policy` lets `action` (`dynamodb:GetItem`) be done on `resource` (an ARN, or `*`). */
export function decide(policy: Policy, action: string, resource: string): Decision {
  let allowed = false;
  for (const statement of policy.statements) {
    if (!statement.actions.some((a) => a.test(action))) continue;
    if (!statement.resources.some((r) => r.test(resource))) continue;
    if (statement.effect === "Deny") return "explicitDeny";
    allowed = true;
  }
  return allowed ? "allowed" : "implicitDeny";
}
