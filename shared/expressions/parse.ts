/**
 * Entry points that turn one expression string into its checked tree, with the checks every
 * kind shares: an empty expression, the 4 KB size limit, then syntax, then the kind's own
 * passes, then the size of the expression with its substitutions in place (at most 1 MB: the
 * text's length plus the names and values substituted, each as often as it is used; DynamoDB
 * Local's limit, and its wording, which has no size). Placeholders are substituted from (and
 * marked used in) the request's `Placeholders`.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-expression-parameters
 */
import { LIMITS } from "../api/limits";
import type { Condition, DocumentPath, Update } from "./ast";
import { checkCondition } from "./check-condition";
import { checkRawPath, pathClash, resolvePath } from "./check-paths";
import { checkUpdate } from "./check-update";
import type { ExpressionKind } from "./messages";
import { invalid, MESSAGES } from "./messages";
import { parseConditionSyntax } from "./parse-condition";
import { parseProjectionSyntax, parseUpdateSyntax } from "./parse-update";
import type { Placeholders } from "./placeholders";

export type ConditionParameter = "ConditionExpression" | "FilterExpression" | "KeyConditionExpression";

/** Bytes of one expression with its substitutions in place. */
const MAX_SUBSTITUTED_BYTES = 1024 * 1024;
const SIZE_EXCEEDED = "Expression size has exceeded the maximum allowed size;";

function checkText(kind: ExpressionKind, text: string): void {
  if (text === "") throw invalid(kind, MESSAGES.empty);
  if (text.length > LIMITS.expressionBytes) {
    // DynamoDB states the size for conditions only.
    const size =
      kind === "UpdateExpression" || kind === "ProjectionExpression" ? "" : ` expression size: ${text.length}`;
    throw invalid(kind, `${SIZE_EXCEEDED}${size}`);
  }
}

/** Throws when `text` with what it substituted since `before` (a `substitutedBytes` reading) is over 1 MB. */
function checkSubstitutedSize(kind: ExpressionKind, text: string, placeholders: Placeholders, before: number): void {
  if (text.length + placeholders.substitutedBytes - before > MAX_SUBSTITUTED_BYTES) throw invalid(kind, SIZE_EXCEEDED);
}

/** Parses and checks a ConditionExpression, FilterExpression or KeyConditionExpression. */
export function parseCondition(kind: ConditionParameter, text: string, placeholders: Placeholders): Condition {
  checkText(kind, text);
  const before = placeholders.substitutedBytes;
  const condition = checkCondition(kind, parseConditionSyntax(kind, text), placeholders);
  checkSubstitutedSize(kind, text, placeholders, before);
  return condition;
}

/** Parses and checks an UpdateExpression. */
export function parseUpdate(text: string, placeholders: Placeholders): Update {
  checkText("UpdateExpression", text);
  const before = placeholders.substitutedBytes;
  const update = checkUpdate(parseUpdateSyntax(text), placeholders);
  checkSubstitutedSize("UpdateExpression", text, placeholders, before);
  return update;
}

/**
 * Parses and checks a ProjectionExpression: reserved words and index range in text order, then,
 * from the last path to the first, substitution, nesting depth and the rule that no two paths
 * overlap or conflict (reported as "path one: <this>, path two: <later path>").
 */
export function parseProjection(text: string, placeholders: Placeholders): DocumentPath[] {
  const kind = "ProjectionExpression";
  checkText(kind, text);
  const before = placeholders.substitutedBytes;
  const { paths: raw } = parseProjectionSyntax(text);
  for (const path of raw) checkRawPath(kind, path);
  const paths: DocumentPath[] = new Array(raw.length);
  for (let i = raw.length - 1; i >= 0; i--) {
    paths[i] = resolvePath(kind, raw[i], placeholders);
    for (const later of paths.slice(i + 1)) {
      const clash = pathClash(paths[i], later);
      if (clash) throw invalid(kind, clash);
    }
  }
  checkSubstitutedSize(kind, text, placeholders, before);
  return paths;
}
