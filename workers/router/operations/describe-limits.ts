import { describeLimits as limits, validateDescribeLimits } from "../../../shared/api/operations/describe-limits";
import type { Operation } from "../context";

export const describeLimits: Operation = async (_ctx, body) => {
  validateDescribeLimits(body);
  return limits();
};
