/**
 * The one seam for calls between objects. Every router → metadata, router → replica,
 * metadata → replica and replica → replica call goes through here, as data: the name of a
 * method of the callee's RPC interface (`ReplicaRpc`, `MetadataRpc`) and its structured-cloneable
 * arguments. So the link alone decides how a call travels.
 *
 * On Cloudflare a call is a plain stub call. In local and test runs `call` also applies the
 * faults the admin API injects (workers/link/faults.ts), the simulated distances between regions
 * and a timeout, which is what makes failover testable on one machine. Calls to metadata objects
 * meet no faults (faults are injected on replicas, zones and regions' replicas only).
 */
import { type AdmissionRpc, accountsName, admissionName } from "../admission/protocol";
import { type Clock, type Random, sleep, systemClock, systemRandom } from "../clock";
import type { Env } from "../env";
import { catalogName } from "../metadata/catalog-name";
import type { MetadataRpc } from "../metadata/protocol";
import type { ReplicaRef } from "../replica/protocol";
import type { ReplicaRpc } from "../replica/rpc";
import type { CoordinatorRpc } from "../transactions/protocol";
import { type Distances, distancesOf, regionOfZone } from "./distances";
import { callFate, type Endpoint, faultsActive, LinkError } from "./faults";
import { nameProcess, type Placement, placementOf, zoneProcess } from "./placement";
import { type NamespaceName, peerOf, remoteStub } from "./remote";

/** How long a call to a stopped replica goes unanswered when the caller sets no timeout. */
const UNANSWERED_MS = 1000;

/**
 * Object ids by name, one cache per binding, shared by every request of the isolate: an id is
 * a pure function of its namespace and name (a stub is not: it belongs to its request).
 * Cleared when it grows past MAX_IDS, so tables come and go without it growing unbounded.
 */
const METADATA_IDS = new Map<string, DurableObjectId>();
const REPLICA_IDS = new Map<string, DurableObjectId>();
const COORDINATOR_IDS = new Map<string, DurableObjectId>();
const ADMISSION_IDS = new Map<string, DurableObjectId>();
const MAX_IDS = 10_000;

function idOf(
  cache: Map<string, DurableObjectId>,
  namespace: { idFromName(name: string): DurableObjectId },
  name: string,
) {
  let id = cache.get(name);
  if (!id) {
    if (cache.size >= MAX_IDS) cache.clear();
    id = namespace.idFromName(name);
    cache.set(name, id);
  }
  return id;
}

export type ReplicaStub = DurableObjectStub<ReplicaRpc>;

/** The methods of an object's RPC interface: its keys but the Durable Object brand. */
type Methods<I> = Exclude<keyof I, keyof Rpc.DurableObjectBranded>;
type Fn = (...args: never[]) => unknown;
type ArgsOf<F> = F extends Fn ? Parameters<F> : never;
type ResultOf<F> = F extends Fn ? Awaited<ReturnType<F>> : never;

/** A replica method a call names, its arguments, and what it answers (as the interface says, not the stub). */
export type ReplicaMethod = Methods<ReplicaRpc>;
export type ReplicaArgs<M extends ReplicaMethod> = ArgsOf<ReplicaRpc[M]>;
export type ReplicaResult<M extends ReplicaMethod> = ResultOf<ReplicaRpc[M]>;

/** A metadata method a call names, its arguments, and what it answers. */
export type MetadataMethod = Methods<MetadataRpc>;
export type MetadataArgs<M extends MetadataMethod> = ArgsOf<MetadataRpc[M]>;
export type MetadataResult<M extends MetadataMethod> = ResultOf<MetadataRpc[M]>;

/**
 * Calls to replicas, as data, and the clock and randomness of the caller: what the clients of
 * replicas (workers/replica/group-client.ts) need of a link.
 */
export interface ReplicaCaller {
  /** The caller's clock: the link's delays and timeouts run on it, and so do the callers' retries. */
  readonly clock: Clock;
  /** The caller's randomness: what the callers' backoff jitter and spread of reads draw. */
  readonly random: Random;
  call<M extends ReplicaMethod>(
    ref: ReplicaRef,
    method: M,
    args: ReplicaArgs<M>,
    timeoutMs?: number,
  ): Promise<ReplicaResult<M>>;
  /**
   * Whether a replica lives in the caller's own process, when the server runs as several
   * (placement.ts): eventually consistent reads go there first. Absent in one process.
   */
  readonly local?: (ref: ReplicaRef) => boolean;
}

/** Invokes `method` with `args` on a stub: the one place a call named by data meets the stub. */
function invoke<R>(stub: object, method: string, args: readonly unknown[]): Promise<R> {
  const target = stub as Record<string, (...a: readonly unknown[]) => Promise<R>>;
  return target[method](...args);
}

/** The RPC interface of the objects of namespace `B`. */
type RpcOf<B extends NamespaceName> = Env[B] extends DurableObjectNamespace<infer R> | undefined ? R : never;

/** The link's bindings: the objects' namespaces, and the vars and peers of the self-hosted processes. */
type LinkEnv = Pick<Env, "METADATA" | "REPLICA" | "REGION_LATENCY_MS"> &
  Partial<Pick<Env, "ACCOUNT_ID" | "TRANSACTIONS" | "ADMISSION" | "PROCESSES" | "PROCESS_INDEX" | "INTERNAL_TOKEN">> &
  Pick<Env, `PEER_${number}`>;

export class Link implements ReplicaCaller {
  private readonly distances: Distances | undefined;
  /** Which process each object lives in (placement.ts): all in this one but when self-hosted as several. */
  private readonly placement: Placement;
  readonly local?: (ref: ReplicaRef) => boolean;
  private readonly fromRegion: string | undefined;
  readonly clock: Clock;
  readonly random: Random;
  /** The account whose catalogs `callMetadata` reaches (workers/metadata/catalog-name.ts). */
  readonly account: string;

  /**
   * `from`: the replica making the calls, for faults and distances; none for the router and
   * metadata. `clock` and `random`: the caller's (workers/clock.ts), the system's by default.
   * `account`: whose catalogs the metadata calls reach; the deployment's own (ACCOUNT_ID) by default.
   */
  constructor(
    private readonly env: LinkEnv,
    private readonly from?: Endpoint,
    options: { clock?: Clock; random?: Random; account?: string } = {},
  ) {
    this.distances = distancesOf(env.REGION_LATENCY_MS);
    this.placement = placementOf(env);
    const { processes, self } = this.placement;
    if (processes > 1) this.local = (ref) => zoneProcess(ref.zone, processes) === self;
    this.fromRegion = from && regionOfZone(from.zone);
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? systemRandom;
    this.account = options.account ?? env.ACCOUNT_ID ?? "";
  }

  /** The name of the metadata object holding this link's account's catalog in `region`. */
  catalog(region: string): string {
    return catalogName(region, this.account, this.env.ACCOUNT_ID ?? this.account);
  }

  /**
   * Calls method `method` of the metadata object holding the link's account's catalog in region
   * `region` with `args`. At exit: its answer, or what the call threw (a runtime failure as is, not a
   * LinkError); with `timeoutMs`, a thrown delivered LinkError once it went unanswered that long.
   * No faults or distances apply.
   */
  callMetadata<M extends MetadataMethod>(
    region: string,
    method: M,
    args: MetadataArgs<M>,
    timeoutMs?: number,
  ): Promise<MetadataResult<M>> {
    const call = invoke<MetadataResult<M>>(this.metadata(region), method, args);
    return withTimeout(this.clock, call, timeoutMs, `the metadata object of ${region}`);
  }

  /** The stub of the metadata object of the link's account in `region`, past the link: for tests (runInDurableObject). */
  metadata(region: string): DurableObjectStub<MetadataRpc> {
    return this.named("METADATA", METADATA_IDS, this.catalog(region));
  }

  /** The stub of table `tableId`'s admission object in `region` (workers/admission). */
  admission(region: string, tableId: string): DurableObjectStub<AdmissionRpc> {
    return this.named("ADMISSION", ADMISSION_IDS, admissionName(this.catalog(region), tableId));
  }

  /** The stub of `region`'s accounts object: the admission object sharing the deployment's capacity among accounts. */
  accounts(region: string): DurableObjectStub<AdmissionRpc> {
    return this.named("ADMISSION", ADMISSION_IDS, accountsName(region));
  }

  /** The stub of the transaction coordinator named `name` (workers/transactions/protocol.ts `coordinatorName`). */
  coordinator(name: string): DurableObjectStub<CoordinatorRpc> {
    return this.named("TRANSACTIONS", COORDINATOR_IDS, name);
  }

  /**
   * The stub of object `name` of namespace `binding`, an object placed by its name alone: this
   * process's, or a remote stub of the process placement.ts puts it in.
   */
  private named<B extends "METADATA" | "ADMISSION" | "TRANSACTIONS">(
    binding: B,
    ids: Map<string, DurableObjectId>,
    name: string,
  ): DurableObjectStub<RpcOf<B>> {
    const namespace = this.env[binding] as DurableObjectNamespace<RpcOf<B>> | undefined;
    if (!namespace) throw new Error(`link: no ${binding} binding`);
    const process = nameProcess(name, this.placement.processes);
    if (process !== this.placement.self) return this.remote(binding, name, process);
    return namespace.get(idOf(ids, namespace, name));
  }

  /** A replica's stub, past the link: for tests (runInDurableObject, calls bypassing faults). */
  replica(ref: ReplicaRef): ReplicaStub {
    const process = zoneProcess(ref.zone, this.placement.processes);
    if (process !== this.placement.self) return this.remote("REPLICA", ref.name, process, ref.locationHint);
    const id = idOf(REPLICA_IDS, this.env.REPLICA, ref.name);
    return this.env.REPLICA.get(id, { locationHint: ref.locationHint as DurableObjectLocationHint });
  }

  /** A stub of object `name` of `namespace`, which lives in process `process` (not this one). */
  private remote<T>(namespace: NamespaceName, name: string, process: number, locationHint?: string): T {
    const { clock } = this;
    const peer = {
      index: process,
      fetcher: peerOf(this.env, process),
      token: this.env.INTERNAL_TOKEN ?? "",
      now: () => clock.now(),
    };
    return remoteStub<T>(peer, { namespace, name, locationHint });
  }

  /**
   * Calls method `method` of a replica with `args`. At exit: its answer, or a thrown LinkError
   * when the call was refused (not delivered), went unanswered within `timeoutMs`, or failed in
   * the runtime (delivered: its effect is unknown).
   */
  call<M extends ReplicaMethod>(
    ref: ReplicaRef,
    method: M,
    args: ReplicaArgs<M>,
    timeoutMs?: number,
  ): Promise<ReplicaResult<M>> {
    const fn = (stub: ReplicaStub) => invoke<ReplicaResult<M>>(stub, method, args);
    const far =
      this.distances !== undefined && this.fromRegion !== undefined && regionOfZone(ref.zone) !== this.fromRegion;
    if (timeoutMs === undefined && !faultsActive() && !far) return guarded(fn(this.replica(ref)));
    return this.faultyCall(ref, fn, timeoutMs);
  }

  /**
   * Calls method `method` of a replica with `args` as `call` does, but past the injected faults
   * and distances: for the admin API, which must reach the members its faults cut off (it skips
   * those it marks down itself). At exit: its answer, or a thrown delivered LinkError when it
   * failed in the runtime or went unanswered within `timeoutMs`.
   */
  callBypassingFaults<M extends ReplicaMethod>(
    ref: ReplicaRef,
    method: M,
    args: ReplicaArgs<M>,
    timeoutMs?: number,
  ): Promise<ReplicaResult<M>> {
    return withTimeout(this.clock, guarded(invoke(this.replica(ref), method, args)), timeoutMs, ref.name);
  }

  private async faultyCall<T>(ref: ReplicaRef, fn: (stub: ReplicaStub) => Promise<T>, timeoutMs?: number): Promise<T> {
    const fate = callFate(this.from, ref, this.distances);
    if (fate === "refused") throw new LinkError(`${ref.name} is unreachable`, false);
    if (fate === "lost") {
      await sleep(this.clock, timeoutMs ?? UNANSWERED_MS);
      throw new LinkError(`${ref.name} did not answer`, false);
    }
    if (fate > 0) await sleep(this.clock, fate);
    const result = await withTimeout(this.clock, guarded(fn(this.replica(ref))), timeoutMs, ref.name);
    // The answer is lost if, while the peer worked, it went down or stopped or the link was cut.
    const back = callFate(this.from, ref, this.distances);
    if (back === "lost") await sleep(this.clock, timeoutMs ?? UNANSWERED_MS);
    if (back === "refused" || back === "lost") throw new LinkError(`${ref.name} did not answer`, true);
    if (back > 0) await sleep(this.clock, back);
    return result;
  }
}

/** A runtime failure of the call (the object reset, overloaded, unreachable) as a delivered LinkError. */
async function guarded<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof LinkError) throw error;
    throw new LinkError(String(error), true);
  }
}

/** `call`, or a delivered LinkError once `ms` passed on `clock` without its answer. */
function withTimeout<T>(clock: Clock, call: Promise<T>, ms: number | undefined, name: string): Promise<T> {
  if (ms === undefined) return call;
  let cancel: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    cancel = clock.later(ms, () => reject(new LinkError(`${name} did not answer within ${ms} ms`, true)));
  });
  return Promise.race([call, timeout]).finally(() => cancel?.());
}
