/**
 * Quorum arithmetic of a replication group: a record is committed once a majority of the
 * group's voting members has persisted it.
 */

/** The size of a majority of `members`. */
export function majority(members: number): number {
  return Math.floor(members / 2) + 1;
}

/**
 * The highest lsn persisted on a majority, given each voting member's last persisted lsn
 * (the leader's own included).
 */
export function quorumLsn(matched: readonly number[]): number {
  const sorted = [...matched].sort((a, b) => b - a);
  return sorted[majority(matched.length) - 1] ?? 0;
}
