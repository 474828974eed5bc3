/**
 * The key every test signs with, and the credentials text the servers under test accept it
 * from: e2e servers get it in their data directory's credentials file, object tests in the
 * CREDENTIALS binding (vitest.config.ts). Also the admin API's token.
 */
export const TEST_KEY = { accessKeyId: "AKIDDYNAFLARETEST", secretAccessKey: "dynaflare-test-secret" };

/** A key of another account (a tenant of the same deployment). */
export const TENANT_KEY = { accessKeyId: "AKIDDYNAFLARETENANT", secretAccessKey: "dynaflare-tenant-secret" };
export const TENANT_ACCOUNT = "222222222222";

export const TEST_CREDENTIALS = `[default]
aws_access_key_id = ${TEST_KEY.accessKeyId}
aws_secret_access_key = ${TEST_KEY.secretAccessKey}

[tenant]
aws_access_key_id = ${TENANT_KEY.accessKeyId}
aws_secret_access_key = ${TENANT_KEY.secretAccessKey}
dynaflare_account_id = ${TENANT_ACCOUNT}
`;

/** The admin API token of the servers tests start, and the header that carries it. */
export const TEST_ADMIN_TOKEN = "dynaflare-test-admin-token";
export const ADMIN_AUTHORIZATION = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/** startServer's options that give a server the test key and the test admin token. */
export const TEST_SECRETS = { credentials: TEST_CREDENTIALS, adminToken: TEST_ADMIN_TOKEN };
