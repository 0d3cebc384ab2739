import { describeBugCorpus } from '../core/testing/bug-corpus';
import { BUGS } from './bugs';
import { PROPERTIES } from './checks';
import { admission } from './grader';

describeBugCorpus({ grader: admission, bugs: BUGS, properties: Object.values(PROPERTIES), shrunkSeed: '4' });
