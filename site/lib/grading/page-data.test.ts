import { describe, expect, it } from 'vitest';
import { labs } from '../../../graders/registry';
import { embedJson, labPageData } from './page-data';

describe('labPageData', () => {
  it('picks the first learner file and its starter', () => {
    const info = labs[0].info;
    const path = `labs/${info.id}/${info.files[0]}`;
    const data = labPageData(info, { [path]: 'starter text' });
    expect(data).toEqual({ info, file: info.files[0], path, starter: 'starter text' });
  });

  it('refuses a lab whose starter is missing', () => {
    expect(() => labPageData(labs[0].info, {})).toThrow(/starter .* is missing/);
  });
});

describe('embedJson', () => {
  it('cannot close the script element it sits in, and reads back unchanged', () => {
    const value = { text: '</script><!-- x --> a\u2028b' };
    const out = embedJson(value);
    expect(out).not.toMatch(/<\/script|<!--/i);
    expect(JSON.parse(out)).toEqual(value);
  });
});
