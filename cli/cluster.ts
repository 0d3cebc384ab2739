/**
 * cluster is `npm run cluster`: a simulated cluster (a 3-member etcd and the
 * API server, engine/cluster) whose clock follows the wall clock, served
 * over HTTPS on 127.0.0.1 with a fresh cluster CA, so kubectl and client
 * libraries talk to it as to a real one. It writes an admin kubeconfig
 * (client certificate CN=kubernetes-admin, O=system:masters), prints one
 * line when ready, and runs until stopped. Exit status: 0 stopped by a
 * signal, 1 the cluster failed, 2 bad usage.
 */
import { randomInt } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Server } from 'node:https';
import { ControlPlane } from '../engine/cluster/control-plane';
import type { Cancel } from '../engine/apiserver/handler/types';
import { WallClockDriver } from './lib/front/driver';
import { createFront, status } from './lib/front/http';
import { kubeconfig } from './lib/pki/kubeconfig';
import { clusterPki } from './lib/pki/x509';
import { runAsCommand } from './lib/entry';
import { DESCRIPTIONS } from './lib/schema-descriptions.gen';
import { readWebhookConfig, sendTokenReview, WebhookConfigError } from './lib/front/token-webhook';
import { callAdmissionWebhook } from './lib/front/admission-webhook';
import type { AdmissionReview, Webhook } from '../engine/apiserver/admission/webhook';
import type { TokenReviewReply } from '../engine/apiserver/auth/authn/webhook';
import type { TokenReview } from 'kubernetes-types/authentication/v1';

export const CLUSTER_USAGE = `Usage: npm run cluster -- [--port <p>] [--kubeconfig <path>] [--seed <n>] [--token-auth-file <path>]
                           [--enable-bootstrap-token-auth] [--authentication-token-webhook-config-file <path>] [--audit-log-path <path>]

Starts a simulated cluster served over HTTPS on 127.0.0.1 and writes an admin kubeconfig.
  --port <p>               the port to listen on (default 6443; 0 picks a free one)
  --kubeconfig <path>      where to write the kubeconfig (default ./kubeconfig)
  --seed <n>               the simulation's seed (default: random)
  --token-auth-file <path> a static token file (token,user,uid,"group1,group2") for bearer tokens
  --enable-bootstrap-token-auth
                           accept bootstrap tokens (<id>.<secret>) from kube-system Secrets
                           of type bootstrap.kubernetes.io/token
  --authentication-token-webhook-config-file <path>
                           a kubeconfig-format file naming a webhook to send TokenReviews to
                           for bearer tokens nothing else recognises
  --audit-log-path <path>  append the audit log there, one audit.k8s.io/v1 Event per line
Then: KUBECONFIG=<path> kubectl get namespaces`;

export interface ClusterArgs {
  port: number;
  kubeconfig: string;
  seed: number;
  tokenFile?: string;
  bootstrapTokens?: boolean;
  tokenWebhookConfig?: string;
  auditLogPath?: string;
}

export class UsageError extends Error {}

/** parseClusterArgs reads the command line; it throws UsageError with the reason. */
export function parseClusterArgs(argv: readonly string[], randomSeed: () => number = () => randomInt(1, 2 ** 31)): ClusterArgs | 'help' {
  const args: ClusterArgs = { port: 6443, kubeconfig: 'kubeconfig', seed: 0 };
  let seed: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--port': {
        const v = value();
        const p = Number(v);
        if (!/^\d+$/.test(v) || p > 65535) throw new UsageError(`--port must be a port number (0-65535), got "${v}"`);
        args.port = p;
        break;
      }
      case '--kubeconfig':
        args.kubeconfig = value();
        break;
      case '--seed': {
        const v = value();
        if (!/^\d+$/.test(v)) throw new UsageError(`--seed must be a non-negative integer, got "${v}"`);
        seed = Number(v);
        break;
      }
      case '--token-auth-file':
        args.tokenFile = value();
        break;
      case '--enable-bootstrap-token-auth':
        args.bootstrapTokens = true;
        break;
      case '--authentication-token-webhook-config-file':
        args.tokenWebhookConfig = value();
        break;
      case '--audit-log-path':
        args.auditLogPath = value();
        break;
      default:
        throw new UsageError(`unknown option "${flag}"`);
    }
  }
  args.seed = seed ?? randomSeed();
  return args;
}

/** RunningCluster is a started cluster: its address and how to stop it. */
export interface RunningCluster {
  url: string;
  port: number;
  kubeconfigPath: string;
  controlPlane: ControlPlane;
  /** submit runs fn inside the simulation now (see WallClockDriver.submit); false once stopped. */
  submit(fn: () => void): boolean;
  stop(): Promise<void>;
}

/**
 * startCluster starts the control plane and the HTTPS front, waits until the
 * API server is ready, writes the kubeconfig, and resolves.
 */
export async function startCluster(args: ClusterArgs, onFailure: (e: unknown) => void = () => {}): Promise<RunningCluster> {
  const tokenFile = args.tokenFile === undefined ? undefined : readFileSync(args.tokenFile, 'utf8');
  const webhook = args.tokenWebhookConfig === undefined ? undefined : readWebhookConfig(args.tokenWebhookConfig);
  const pki = clusterPki();
  const auditLog = args.auditLogPath === undefined ? undefined : createWriteStream(args.auditLogPath, { flags: 'a' });
  if (auditLog) await new Promise<void>((ok, fail) => auditLog.once('open', () => ok()).once('error', fail));
  const controlPlane = new ControlPlane({
    ...(auditLog ? { audit: (line: string) => void auditLog.write(line + '\n') } : {}),
    seed: args.seed,
    epochMs: Date.now(),
    ...(tokenFile !== undefined ? { tokenFile } : {}),
    rootCA: pki.ca.certPem,
    ...(args.bootstrapTokens ? { bootstrapTokens: true } : {}),
    // Webhooks answer on Node's event loop; each answer re-enters the simulation through the driver.
    admissionWebhooks: (hook: Webhook, review: AdmissionReview, reply: (err: string | null, r: AdmissionReview | null) => void) =>
      callAdmissionWebhook(hook, review, (e, r) => void driver.submit(() => reply(e, r))),
    ...(webhook ? { tokenWebhook: (review: TokenReview, reply: (r: TokenReviewReply) => void) => sendTokenReview(webhook, review, (r) => void driver.submit(() => reply(r))) } : {}),
    // It runs for as long as the user wants: no step or time limit, and a bounded trace.
    limits: { maxSteps: Infinity, maxTimeMs: Infinity },
    traceKeep: 10_000,
  });
  // kubectl explain's texts: Node-side only, so the engine's browser bundle does not carry them.
  controlPlane.api.server.useSchemaDescriptions(DESCRIPTIONS);
  const driver = new WallClockDriver(controlPlane.sim as never, undefined, (e) => {
    onFailure(e);
  });
  const server: Server = createFront({ keyPem: pki.server.keyPem, certPem: pki.server.certPem, caPem: pki.ca.certPem }, (req, sink) => {
    let inner: Cancel | undefined;
    let cancelled = false;
    const accepted = driver.submit(() => {
      if (!cancelled) inner = controlPlane.handle(req, sink);
    });
    if (!accepted) sink.respond({ status: 503, headers: {}, body: status(503, 'ServiceUnavailable', 'the simulated cluster is shutting down') });
    return {
      cancel() {
        cancelled = true;
        driver.submit(() => inner?.cancel());
      },
    };
  });
  driver.kick();
  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error('the simulated cluster did not become ready within 30 s')), 30_000);
    driver.submit(() =>
      controlPlane.whenReady((err) => {
        clearTimeout(timer);
        if (err) reject(new Error(err));
        else resolveReady();
      }),
    );
  });
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(args.port, '127.0.0.1', () => resolveListen());
    });
  } catch (e) {
    // Nothing may keep running when the cluster could not start: its timers would hold the process.
    driver.stop();
    controlPlane.stop();
    auditLog?.end();
    throw e;
  }
  const port = (server.address() as { port: number }).port;
  const url = `https://127.0.0.1:${port}`;
  const kubeconfigPath = resolve(args.kubeconfig);
  mkdirSync(dirname(kubeconfigPath), { recursive: true });
  writeFileSync(kubeconfigPath, kubeconfig({ server: url, caPem: pki.ca.certPem, clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem }), { mode: 0o600 });
  return {
    url,
    port,
    kubeconfigPath,
    controlPlane,
    submit: (fn) => driver.submit(fn),
    stop: () =>
      new Promise<void>((done) => {
        driver.stop();
        controlPlane.stop();
        server.closeAllConnections();
        server.close(() => (auditLog ? auditLog.end(() => done()) : done()));
      }),
  };
}

/** main runs the command and resolves with its exit status once the cluster stops. */
export async function main(argv: readonly string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let args: ClusterArgs | 'help';
  try {
    args = parseClusterArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`cluster: ${e.message}\n${CLUSTER_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args === 'help') {
    out.write(CLUSTER_USAGE + '\n');
    return 0;
  }
  let failed: ((e: unknown) => void) | undefined;
  const failure = new Promise<number>((r) => {
    failed = (e) => {
      err.write(`cluster: the simulation failed: ${(e as Error)?.stack ?? e}\n`);
      r(1);
    };
  });
  let running: RunningCluster;
  try {
    running = await startCluster(args, (e) => failed!(e));
  } catch (e) {
    if (e instanceof WebhookConfigError) {
      err.write(`cluster: ${e.message}\n`);
      return 2;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') err.write(`cluster: port ${args.port} is in use; pick another with --port\n`);
    else if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') err.write(`cluster: ${(e as Error).message}\n`);
    else err.write(`cluster: ${(e as Error).message}\n`);
    return code === 'EADDRINUSE' || code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' ? 2 : 1;
  }
  out.write(`kube-internals cluster ready at ${running.url} (seed ${args.seed}); kubeconfig: ${running.kubeconfigPath} — try: KUBECONFIG=${running.kubeconfigPath} kubectl get namespaces\n`);
  const stopped = new Promise<number>((r) => {
    const stop = () => void running.stop().then(() => r(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const code = await Promise.race([stopped, failure]);
  if (code !== 0) await running.stop();
  return code;
}

runAsCommand(import.meta.url, 'cluster', (argv) => main(argv), 1);
