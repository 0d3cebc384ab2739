import { describeBugCorpus } from '../core/testing/bug-corpus';
import { BUGS } from './bugs';
import { PROPERTIES } from './checks';
import { rbac } from './grader';

describeBugCorpus({ grader: rbac, bugs: BUGS, properties: Object.values(PROPERTIES), shrunkSeed: '4' });
