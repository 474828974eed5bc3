import {
  describeEndpoints as endpoints,
  validateDescribeEndpoints,
} from "../../../shared/api/operations/describe-endpoints";
import type { Operation } from "../context";

/** The address the request came in on, when the context carries it; DynamoDB's regional name otherwise. */
export const describeEndpoints: Operation = async (ctx, body) => {
  validateDescribeEndpoints(body);
  return endpoints(ctx.host, ctx.region);
};
