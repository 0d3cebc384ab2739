import { describeReference } from './suites';

describeReference(1, 25);
