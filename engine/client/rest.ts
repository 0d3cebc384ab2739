/**
 * rest builds client-go's ListerWatcher for one resource over the API
 * server's REST interface: list is GET <path>?limit&continue&resourceVersion,
 * watch is GET <path>?watch=true&resourceVersion&allowWatchBookmarks. The
 * transport is a function with the API server's request/sink shape (its
 * `loopback` for in-process controllers, or `stream` with credentials), so
 * informers see exactly what kubectl would.
 */
import type { ListerWatcher, ListOptions, ObjectList, StatusLike, WatchEvent, WatchOptions, KubeObject } from './types';

/** RestRequest is the part of the API server's ApiRequest a client sends. */
export interface RestRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** body is a write's JSON text. */
  body?: string;
}

/** RestSink is how the API server answers (its ResponseSink). */
export interface RestSink {
  respond(res: { status: number; headers: Record<string, string>; body: unknown }): void;
  event?(ev: { type: string; object: unknown }): void;
  end?(): void;
}

/** RestTransport sends one request; the returned cancel stops a watch. */
export type RestTransport = (req: RestRequest, sink: RestSink) => { cancel(): void };

/**
 * resourcePath is the collection path of a resource: /api/v1/pods,
 * /apis/apps/v1/namespaces/dev/deployments.
 */
export function resourcePath(group: string, version: string, resource: string, namespace?: string): string {
  const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  return namespace ? `${base}/namespaces/${namespace}/${resource}` : `${base}/${resource}`;
}

function statusOf(body: unknown, code: number): StatusLike {
  if (body && typeof body === 'object' && (body as { kind?: string }).kind === 'Status') return body as StatusLike;
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, message: `the server answered ${code}` } as StatusLike;
}

function query(entries: Record<string, string | number | boolean | undefined>): Record<string, string> {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined && v !== '') q[k] = String(v);
  return q;
}

/**
 * restListerWatcher is a ListerWatcher of the collection at path. `defer`
 * schedules callbacks later (the kernel's after(0)), as the ListerWatcher
 * contract requires, whatever the transport does.
 */
export function restListerWatcher<T extends KubeObject = KubeObject>(transport: RestTransport, path: string, defer: (fn: () => void) => void): ListerWatcher<T> {
  return {
    list(options: ListOptions, done: (err: StatusLike | null, list?: ObjectList<T>) => void): void {
      let answered = false;
      transport(
        {
          method: 'GET',
          path,
          query: query({ ...options }),
          headers: { accept: 'application/json' },
        },
        {
          respond(res) {
            if (answered) return;
            answered = true;
            if (res.status === 200) defer(() => done(null, res.body as ObjectList<T>));
            else defer(() => done(statusOf(res.body, res.status)));
          },
        },
      );
    },
    watch(options: WatchOptions, onEvent: (event: WatchEvent<T>) => void, onEnd: (err?: StatusLike) => void) {
      // stopped: the caller stopped it (nothing more is delivered); ended: the stream ended (onEnd queued).
      let stopped = false;
      let ended = false;
      const finish = (err?: StatusLike) => {
        if (ended || stopped) return;
        ended = true;
        defer(() => {
          if (!stopped) onEnd(err);
        });
      };
      const handle = transport(
        {
          method: 'GET',
          path,
          query: query({ ...options, watch: 'true' }),
          headers: { accept: 'application/json' },
        },
        {
          respond(res) {
            if (res.status !== 200) finish(statusOf(res.body, res.status));
          },
          event(ev) {
            if (ended || stopped) return;
            const event = ev as WatchEvent<T>;
            defer(() => {
              if (!stopped) onEvent(event);
            });
          },
          end() {
            finish();
          },
        },
      );
      return {
        stop() {
          if (stopped) return;
          stopped = true;
          if (!ended) handle.cancel();
        },
      };
    },
  };
}
