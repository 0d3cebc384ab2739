import { describeBugCorpus } from '../core/testing/bug-corpus';
import { BUGS } from './bugs';
import { PROPERTIES } from './checks';
import { etcdBackupRestore } from './grader';

describeBugCorpus({ grader: etcdBackupRestore, bugs: BUGS, properties: Object.values(PROPERTIES) });
