/**
 * The key every test signs with, and the credentials text the servers under test accept it
 * from: e2e servers get it in their data directory's credentials file, object tests in the
 * CREDENTIALS binding (vitest.config.ts). Also the admin API's token.
 */
export const TEST_KEY = { accessKeyId: "AKIDDYNAFLARETEST", secretAccessKey: "dynaflare-test-secret" };

/** A key of another account (a tenant of the same deployment). */
export const TENANT_KEY = { accessKeyId: "AKIDDYNAFLARETENANT", secretAccessKey: "dynaflare-tenant-secret" };
export const TENANT_ACCOUNT = "222222222222";

/** A key that may only read (its policy allows Get*, BatchGetItem, Query, Scan, Describe*, List*). */
export const READER_KEY = { accessKeyId: "AKIDDYNAFLAREREADER", secretAccessKey: "dynaflare-reader-secret" };
/** A key that may do anything to tables named `scoped-…` and their indexes, but delete a table. */
export const SCOPED_KEY = { accessKeyId: "AKIDDYNAFLARESCOPED", secretAccessKey: "dynaflare-scoped-secret" };

const READER_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: [
        "dynamodb:Get*",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:Scan",
        "dynamodb:Describe*",
        "dynamodb:List*",
      ],
      Resource: "*",
    },
  ],
};
const SCOPED_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: "dynamodb:*",
      Resource: ["arn:aws:dynamodb:*:*:table/scoped-*", "arn:aws:dynamodb:*:*:table/scoped-*/index/*"],
    },
    { Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: "*" },
  ],
};

export const TEST_CREDENTIALS = `[default]
aws_access_key_id = ${TEST_KEY.accessKeyId}
aws_secret_access_key = ${TEST_KEY.secretAccessKey}

[tenant]
aws_access_key_id = ${TENANT_KEY.accessKeyId}
aws_secret_access_key = ${TENANT_KEY.secretAccessKey}
dynaflare_account_id = ${TENANT_ACCOUNT}

[reader]
aws_access_key_id = ${READER_KEY.accessKeyId}
aws_secret_access_key = ${READER_KEY.secretAccessKey}
dynaflare_policy = ${JSON.stringify(READER_POLICY)}

[scoped]
aws_access_key_id = ${SCOPED_KEY.accessKeyId}
aws_secret_access_key = ${SCOPED_KEY.secretAccessKey}
dynaflare_policy = ${JSON.stringify(SCOPED_POLICY)}
`;

/** The admin API token of the servers tests start, and the header that carries it. */
export const TEST_ADMIN_TOKEN = "dynaflare-test-admin-token";
export const ADMIN_AUTHORIZATION = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/** startServer's options that give a server the test key and the test admin token. */
export const TEST_SECRETS = { credentials: TEST_CREDENTIALS, adminToken: TEST_ADMIN_TOKEN };
