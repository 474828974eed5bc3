/**
 * DescribeEndpoints over HTTP through the AWS SDK: the one endpoint an SDK's endpoint discovery
 * would use, and how long to cache it.
 */

import { DescribeEndpointsCommand } from "@aws-sdk/client-dynamodb";
import { expect, inject, test } from "vitest";
import { client } from "../helpers/dynamodb";

test("DescribeEndpoints: names one endpoint of this server, cached for a day", async () => {
  const { Endpoints } = await client().send(new DescribeEndpointsCommand({}));
  expect(Endpoints).toHaveLength(1);
  expect(Endpoints?.[0].CachePeriodInMinutes).toBe(1440);
  expect([new URL(inject("endpoint")).host, "dynamodb.us-east-1.amazonaws.com"]).toContain(Endpoints?.[0].Address);
});
