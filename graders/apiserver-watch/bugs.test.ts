import { describeBugCorpus } from '../core/testing/bug-corpus';
import { BUGS } from './bugs';
import { PROPERTIES } from './checks';
import { apiserverWatch } from './grader';

// `bounded` is the runner's property for a run that exceeds its step or request budget.
describeBugCorpus({ grader: apiserverWatch, bugs: BUGS, properties: [...Object.values(PROPERTIES), 'bounded'] });
