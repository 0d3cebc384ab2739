// The roster's helper worker: registers tsx so the worker can load
// TypeScript, then starts it (Node 20 does not pass the parent's tsx loader
// on to worker threads).
import { register } from 'tsx/esm/api';

register();
await import('./task-worker.ts');
