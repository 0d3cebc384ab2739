import type { AnyLabGrader } from './core/lab';
import { etcdBackupRestore } from './etcd-backup-restore/grader';
import { etcdQuorum } from './etcd-quorum/grader';
import { apiserverWatch } from './apiserver-watch/grader';
import { rbac } from './rbac/grader';
import { admission } from './admission/grader';

/** labs lists every lab's grader, in course order. */
export const labs: readonly AnyLabGrader[] = [etcdQuorum, etcdBackupRestore, apiserverWatch, rbac, admission];
