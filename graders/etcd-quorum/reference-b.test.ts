import { describeReference } from './suites';

describeReference(26, 50);
