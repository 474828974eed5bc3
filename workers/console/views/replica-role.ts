/**
 * How a replica is shown: its role as a word (never color alone), the color that goes with it,
 * and what is wrong with it (crashed, stopped, unreachable, not voting). A member that did not
 * answer has no role; of two that call themselves leader, only the one in the highest term (the
 * partition's leader, workers/admin/group-status.ts) is shown as the leader.
 */

import type { MemberReport } from "../../admin/group-status";

export type ShownRole = "leader" | "stale leader" | "follower" | "candidate" | "log replica" | "unknown";

export interface ReplicaLook {
  role: ShownRole;
  /** What is wrong, in words; empty when nothing is. */
  flags: string[];
  fill: string;
  stroke: string;
  /** Dashed border: the replica could not be asked. */
  dashed: boolean;
}

const COLORS: Record<ShownRole, { fill: string; stroke: string }> = {
  leader: { fill: "#dcfce7", stroke: "#15803d" },
  "stale leader": { fill: "#fef9c3", stroke: "#a16207" },
  follower: { fill: "#dbeafe", stroke: "#1d4ed8" },
  candidate: { fill: "#ffedd5", stroke: "#c2410c" },
  "log replica": { fill: "#f3e8ff", stroke: "#7e22ce" },
  unknown: { fill: "#f3f4f6", stroke: "#4b5563" },
};

export interface RoleContext {
  /** The partition's leader (null: none). */
  leader: string | null;
  /** The voters by the leader's log (null: unknown). */
  voters: string[] | null;
  logReplica: boolean;
  stopped: boolean;
}

export function replicaLook(member: MemberReport, context: RoleContext): ReplicaLook {
  let role: ShownRole;
  if (member.role === null) role = "unknown";
  else if (context.logReplica) role = "log replica";
  else if (member.role === "leader") role = member.name === context.leader ? "leader" : "stale leader";
  else role = member.role;
  const flags: string[] = [];
  if (member.down) flags.push("crashed");
  else if (context.stopped) flags.push("stopped", "unreachable");
  else if (!member.reachable) flags.push("unreachable");
  if (!context.logReplica && context.voters !== null && !context.voters.includes(member.name)) flags.push("not voting");
  if (member.installing) flags.push("installing snapshot");
  return { role, flags, ...COLORS[role], dashed: !member.reachable };
}

/** The partition id in a replica's name, `<tableId>/<partition>/<region>/<zone>` (a log replica's ends in `~log`). */
export function partitionOfName(name: string, fallback: string): string {
  const parts = name.split("/");
  return parts.length >= 4 ? parts[parts.length - 3] : fallback;
}
