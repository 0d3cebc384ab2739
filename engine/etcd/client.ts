import type { HostContext, Process } from '../sim/hosts';
import type { Timer } from '../sim/kernel';
import type { EtcdEvent } from './events';
import type { KvRequest } from './kv-protocol';
import type { NetMessage } from './member';

/** KvOperation is one request a client makes. Put values should be unique so histories can be checked. */
export type KvOperation = { kind: 'put'; key: string; value: string } | { kind: 'get'; key: string };

/** ClientConfig configures a KvClient. */
export interface ClientConfig {
  members: string[];
  /** attemptTimeoutMs is how long one attempt waits for an answer before trying another member. */
  attemptTimeoutMs: number;
  /** giveUpAfterMs is how long the client retries one request before abandoning it. */
  giveUpAfterMs: number;
  /** retryDelayMs is the pause before retrying after a "not leader" answer. */
  retryDelayMs: number;
  record: (event: EtcdEvent) => void;
}

export const DEFAULT_CLIENT: Omit<ClientConfig, 'members' | 'record'> = { attemptTimeoutMs: 500, giveUpAfterMs: 6_000, retryDelayMs: 50 };

interface InFlight {
  id: string;
  seq: number;
  op: KvOperation;
  invokedAt: number;
  attempt?: Timer;
}

/**
 * KvClient is a sequential client, like one process of a Jepsen test: one
 * request at a time, in order. It looks for the leader by following "not
 * leader" hints and, on silence, by trying the next member; it retries a
 * request under the same id (so members apply it once) until it is answered
 * or abandoned. Every invoke, answer and abandonment is recorded: that is the
 * history a linearizability checker reads.
 */
export class KvClient implements Process<NetMessage> {
  readonly id: string;
  private readonly queue: KvOperation[] = [];
  private current: InFlight | undefined;
  private seq = 0;
  private target: number;

  constructor(
    private readonly ctx: HostContext<NetMessage>,
    private readonly config: ClientConfig,
  ) {
    this.id = ctx.id;
    this.target = ctx.rng.intn(config.members.length);
  }

  /** idle is true when the client has nothing queued or in flight. */
  get idle(): boolean {
    return !this.current && this.queue.length === 0;
  }

  /** submit queues a request; it is sent when those before it are done. */
  submit(op: KvOperation): void {
    this.queue.push(op);
    if (!this.current) this.next();
  }

  receive(_from: string, msg: NetMessage): void {
    const cur = this.current;
    if (!cur || !('id' in msg) || msg.id !== cur.id) return;
    if (msg.type === 'kv.ok') {
      cur.attempt?.cancel();
      const value = cur.op.kind === 'get' ? (msg.value ?? null) : cur.op.value;
      this.config.record({ kind: 'client.ok', client: this.id, id: cur.id, op: cur.op.kind, key: cur.op.key, value, revision: msg.revision });
      this.current = undefined;
      this.next();
    } else if (msg.type === 'kv.not-leader') {
      cur.attempt?.cancel();
      const hinted = this.config.members.indexOf(msg.leaderHint);
      this.target = hinted >= 0 && hinted !== this.target ? hinted : (this.target + 1) % this.config.members.length;
      cur.attempt = this.ctx.after(this.config.retryDelayMs, () => this.attempt());
    }
  }

  private next(): void {
    const op = this.queue.shift();
    if (!op) return;
    const seq = ++this.seq;
    const id = `${this.id}/${seq}`;
    this.current = { id, seq, op, invokedAt: this.ctx.now };
    this.config.record({ kind: 'client.invoke', client: this.id, id, op: op.kind, key: op.key, ...(op.kind === 'put' ? { value: op.value } : {}) });
    this.attempt();
  }

  private attempt(): void {
    const cur = this.current;
    if (!cur) return;
    if (this.ctx.now - cur.invokedAt >= this.config.giveUpAfterMs) {
      this.config.record({ kind: 'client.timeout', client: this.id, id: cur.id });
      this.current = undefined;
      this.next();
      return;
    }
    const to = this.config.members[this.target];
    const base = { id: cur.id, client: this.id, seq: cur.seq, key: cur.op.key };
    const req: KvRequest = cur.op.kind === 'put' ? { type: 'kv.put', ...base, value: cur.op.value } : { type: 'kv.get', ...base };
    this.ctx.send(to, req);
    cur.attempt = this.ctx.after(this.config.attemptTimeoutMs, () => {
      this.target = (this.target + 1) % this.config.members.length;
      this.attempt();
    });
  }
}
