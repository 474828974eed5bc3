import { describe, expect, test } from "vitest";
import { catalogName, parseCatalogName } from "../../../../workers/metadata/catalog-name";

const OWN = "000000000000";

describe("catalogName", () => {
  test("the deployment's own account keeps the objects named after their region; another gets its own", () => {
    expect(catalogName("us-east-1", OWN, OWN)).toBe("us-east-1");
    expect(catalogName("us-east-1", "222222222222", OWN)).toBe("us-east-1/222222222222");
  });

  test("parseCatalogName reads back the region and the account", () => {
    expect(parseCatalogName("eu-west-1", OWN)).toEqual({ region: "eu-west-1", account: OWN });
    expect(parseCatalogName(catalogName("eu-west-1", "222222222222", OWN), OWN)).toEqual({
      region: "eu-west-1",
      account: "222222222222",
    });
  });
});
