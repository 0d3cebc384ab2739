// The grading worker's entry: registers tsx so the worker can load the
// TypeScript grader, then starts it. (Node 20 does not pass the parent's tsx
// loader on to worker threads.)
import { register } from 'tsx/esm/api';

register();
await import('./grade-worker.ts');
