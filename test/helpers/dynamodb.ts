/**
 * What e2e tests need to talk to the server under test: an SDK client pointed at it and
 * table names that don't collide across tests and runs.
 */

import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { inject } from "vitest";
import { TEST_KEY } from "./test-key";

/**
 * A client for the server the e2e global setup started (or `config.endpoint`), in us-east-1
 * with dummy credentials. It does not retry (maxAttempts 1), so a test sees every error the
 * server returns; pass `maxAttempts` to change that.
 */
export function client(config: DynamoDBClientConfig = {}): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: inject("endpoint"),
    region: "us-east-1",
    credentials: TEST_KEY,
    maxAttempts: 1,
    ...config,
  });
}

/** `<prefix>-<time>-<random>`: a valid table name (3–255 of `[A-Za-z0-9_.-]`), unique per call. */
export function uniqueTableName(prefix = "t"): string {
  return `${prefix}-${Date.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
}
