import { describe, expect, it } from "vitest";
import type { DynamoError } from "../../../../../shared/api/errors";
import { authorize, type Principal, permissionsOf } from "../../../../../workers/router/auth/permissions";
import { decide, parsePolicy } from "../../../../../workers/router/auth/policy";

const ARN = "arn:aws:dynamodb:us-east-1:111111111111:table";

describe("parsePolicy and decide", () => {
  const policy = parsePolicy(
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["dynamodb:Get*", "dynamodb:Query"],
          Resource: [`${ARN}/orders`, `${ARN}/orders/index/*`],
        },
        { Effect: "Allow", Action: "dynamodb:*", Resource: `${ARN}/scratch-*` },
        { Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: "*" },
      ],
    }),
  );

  it.each([
    ["dynamodb:GetItem", `${ARN}/orders`, "allowed"],
    ["DynamoDB:getitem", `${ARN}/orders`, "allowed"],
    ["dynamodb:Query", `${ARN}/orders/index/byDate`, "allowed"],
    ["dynamodb:PutItem", `${ARN}/orders`, "implicitDeny"],
    ["dynamodb:GetItem", `${ARN}/orders2`, "implicitDeny"],
    ["dynamodb:GetItem", `${ARN}/Orders`, "implicitDeny"],
    ["dynamodb:PutItem", `${ARN}/scratch-1`, "allowed"],
    ["dynamodb:DeleteTable", `${ARN}/scratch-1`, "explicitDeny"],
  ] as const)("%s on %s is %s", (action, resource, decision) => {
    expect(decide(policy, action, resource)).toBe(decision);
  });

  it("takes a single statement, and refuses one without Effect, Action or Resource", () => {
    expect(
      parsePolicy('{"Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*"}}').statements,
    ).toHaveLength(1);
    expect(() => parsePolicy('{"Statement":[{"Effect":"Permit","Action":"*","Resource":"*"}]}')).toThrow(/Effect/);
    expect(() => parsePolicy('{"Statement":[{"Effect":"Allow","Resource":"*"}]}')).toThrow(/Action/);
  });
});

describe("permissionsOf", () => {
  const of = (operation: string, body: Record<string, unknown>) =>
    permissionsOf(operation, body, "us-east-1", "111111111111");

  it("names the table of a single-table operation, and the index of a Query or Scan of one", () => {
    expect(of("PutItem", { TableName: "t" })).toEqual([{ action: "dynamodb:PutItem", resource: `${ARN}/t` }]);
    expect(of("Query", { TableName: "t", IndexName: "i" })).toEqual([
      { action: "dynamodb:Query", resource: `${ARN}/t/index/i` },
    ]);
    expect(of("Scan", { TableName: "t" })).toEqual([{ action: "dynamodb:Scan", resource: `${ARN}/t` }]);
  });

  it("names every table of a batch, the ARN a tagging call names, and * for calls on no table", () => {
    expect(of("BatchWriteItem", { RequestItems: { a: [], b: [] } }).map((p) => p.resource)).toEqual([
      `${ARN}/a`,
      `${ARN}/b`,
    ]);
    expect(of("TagResource", { ResourceArn: `${ARN}/t` })).toEqual([
      { action: "dynamodb:TagResource", resource: `${ARN}/t` },
    ]);
    expect(of("ListTables", {})).toEqual([{ action: "dynamodb:ListTables", resource: "*" }]);
    expect(of("CreateGlobalTable", { GlobalTableName: "g" })).toEqual([
      { action: "dynamodb:CreateGlobalTable", resource: "arn:aws:dynamodb::111111111111:global-table/g" },
    ]);
  });

  it("names a stream by its ARN, GetRecords the one its iterator starts with, and * for ListStreams", () => {
    const stream = `${ARN}/t/stream/2026-12-07T07:45:00.000`;
    expect(of("DescribeStream", { StreamArn: stream })).toEqual([
      { action: "dynamodb:DescribeStream", resource: stream },
    ]);
    expect(of("GetShardIterator", { StreamArn: stream, ShardId: "s" })).toEqual([
      { action: "dynamodb:GetShardIterator", resource: stream },
    ]);
    expect(of("GetRecords", { ShardIterator: `${stream}|001|c2hhcmQ=` })).toEqual([
      { action: "dynamodb:GetRecords", resource: stream },
    ]);
    expect(of("ListStreams", { TableName: "t" })).toEqual([{ action: "dynamodb:ListStreams", resource: "*" }]);
    expect(of("GetRecords", { ShardIterator: 5 })).toEqual([]);
  });

  it("needs nothing for a table name that is not a string: validation refuses the request", () => {
    expect(of("GetItem", { TableName: 5 })).toEqual([]);
  });
});

describe("authorize", () => {
  const principal: Principal = {
    accountId: "111111111111",
    profile: "reader",
    policy: parsePolicy(
      JSON.stringify({
        Statement: [
          { Effect: "Allow", Action: "dynamodb:*", Resource: "*" },
          { Effect: "Deny", Action: "dynamodb:PutItem", Resource: `${ARN}/locked` },
        ],
      }),
    ),
  };
  const refusal = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      return { type: (error as DynamoError).type, message: (error as DynamoError).message };
    }
    return undefined;
  };

  it("passes what the policy allows, and words a refusal as IAM does", () => {
    expect(refusal(() => authorize(principal, [{ action: "dynamodb:GetItem", resource: `${ARN}/locked` }]))).toBe(
      undefined,
    );
    expect(refusal(() => authorize(principal, [{ action: "dynamodb:PutItem", resource: `${ARN}/locked` }]))).toEqual({
      type: "AccessDeniedException",
      message: `User: arn:aws:iam::111111111111:user/reader is not authorized to perform: dynamodb:PutItem on resource: ${ARN}/locked with an explicit deny in an identity-based policy`,
    });
    const none: Principal = { ...principal, policy: { statements: [] } };
    expect(refusal(() => authorize(none, [{ action: "dynamodb:GetItem", resource: `${ARN}/t` }]))).toEqual({
      type: "AccessDeniedException",
      message: `User: arn:aws:iam::111111111111:user/reader is not authorized to perform: dynamodb:GetItem on resource: ${ARN}/t because no identity-based policy allows the dynamodb:GetItem action`,
    });
  });
});
