/**
 * Which metadata object holds an account's catalog in a region. Each account's tables live in
 * catalogs of their own, one per region (a metadata object each), so that no request of one
 * account can name, list or detect another's tables: the deployment's own account (ACCOUNT_ID)
 * keeps the objects named after their region, every other account gets `<region>/<account>`.
 */

const SEPARATOR = "/";

/** The metadata object's name for `account`'s catalog in `region`. */
export function catalogName(region: string, account: string, defaultAccount: string): string {
  return account === defaultAccount ? region : `${region}${SEPARATOR}${account}`;
}

/** The region and account of the catalog a metadata object named `name` holds. */
export function parseCatalogName(name: string, defaultAccount: string): { region: string; account: string } {
  const at = name.indexOf(SEPARATOR);
  return at < 0
    ? { region: name, account: defaultAccount }
    : { region: name.slice(0, at), account: name.slice(at + SEPARATOR.length) };
}
