import { parentPort } from 'node:worker_threads';
import { runTask, type TaskReply, type TaskRequest } from './tasks';

/** The roster's helper worker: runs the tasks of tasks.ts one at a time for pool.ts. */
const port = parentPort!;
port.on('message', (m: TaskRequest) => {
  runTask(m.kind, m.input).then(
    (value) => port.postMessage({ id: m.id, ok: true, value } satisfies TaskReply),
    (e: unknown) => port.postMessage({ id: m.id, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) } satisfies TaskReply),
  );
});
port.postMessage({ type: 'ready' });
