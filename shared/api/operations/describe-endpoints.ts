/**
 * DescribeEndpoints: where the SDK's endpoint discovery should send this account's requests.
 * This server answers on the address the client reached, so that is the endpoint it names;
 * without one it names DynamoDB's regional endpoint, as DynamoDB does. SDKs cache the answer for
 * CachePeriodInMinutes.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeEndpoints.html
 */
import { parseRequest } from "../schema";

export interface Endpoint {
  Address: string;
  CachePeriodInMinutes: number;
}

/** The request has no members. */
export function validateDescribeEndpoints(body: Record<string, unknown>): void {
  parseRequest(body, {});
}

export function describeEndpoints(host: string | undefined, region: string): { Endpoints: Endpoint[] } {
  return { Endpoints: [{ Address: host || `dynamodb.${region}.amazonaws.com`, CachePeriodInMinutes: 1440 }] };
}
