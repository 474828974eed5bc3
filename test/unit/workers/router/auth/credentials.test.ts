import { describe, expect, it } from "vitest";
import { parseCredentials } from "../../../../../workers/router/auth/credentials";

describe("parseCredentials", () => {
  it("reads one key per profile, with its account or the default one", () => {
    const keys = parseCredentials(
      `# comment
[default]
aws_access_key_id = AKIAONE
aws_secret_access_key = secret/one+

[profile tenant]
AWS_ACCESS_KEY_ID=AKIATWO
aws_secret_access_key=two
aws_session_token = token
dynaflare_account_id = 222222222222
; comment
`,
      "000000000000",
    );
    expect([...keys.values()]).toEqual([
      { accessKeyId: "AKIAONE", secretAccessKey: "secret/one+", accountId: "000000000000", profile: "default" },
      {
        accessKeyId: "AKIATWO",
        secretAccessKey: "two",
        sessionToken: "token",
        accountId: "222222222222",
        profile: "tenant",
      },
    ]);
  });

  it("skips a profile without both an id and a secret, and a second profile with the same id", () => {
    const keys = parseCredentials(
      "[a]\naws_access_key_id = AKIA1\n[b]\naws_secret_access_key = s\n[c]\naws_access_key_id = AKIA2\naws_secret_access_key = s2\n[d]\naws_access_key_id = AKIA2\naws_secret_access_key = other\n",
      "0",
    );
    expect([...keys.keys()]).toEqual(["AKIA2"]);
    expect(keys.get("AKIA2")?.secretAccessKey).toBe("s2");
  });

  it("holds no keys for empty text", () => {
    expect(parseCredentials("", "0").size).toBe(0);
  });
});
