/**
 * DescribeLimits over HTTP through the AWS SDK.
 */

import { DescribeLimitsCommand } from "@aws-sdk/client-dynamodb";
import { expect, test } from "vitest";
import { client } from "../helpers/dynamodb";

test("DescribeLimits: reports DynamoDB's default account and table capacity quotas", async () => {
  const output = await client().send(new DescribeLimitsCommand({}));
  expect(output.$metadata.httpStatusCode).toBe(200);
  expect({ ...output, $metadata: undefined }).toEqual({
    $metadata: undefined,
    AccountMaxReadCapacityUnits: 80000,
    AccountMaxWriteCapacityUnits: 80000,
    TableMaxReadCapacityUnits: 40000,
    TableMaxWriteCapacityUnits: 40000,
  });
});
