import { describe, expect, it } from 'vitest';
import { repoKeyed, withoutLeadingTitle } from './statement';

describe('repoKeyed', () => {
  it('turns root-relative glob keys into repository paths', () => {
    expect(repoKeyed({ '/labs/a/README.md': 1, '/labs/b/x.ts': 2 })).toEqual({ 'labs/a/README.md': 1, 'labs/b/x.ts': 2 });
  });
});

describe('withoutLeadingTitle', () => {
  it('drops an opening h1 only', () => {
    expect(withoutLeadingTitle('<h1 id="t">Lab <code>x</code></h1>\n<p>Intro</p>')).toBe('<p>Intro</p>');
    expect(withoutLeadingTitle('<p>Intro</p>\n<h1>Later</h1>')).toBe('<p>Intro</p>\n<h1>Later</h1>');
    expect(withoutLeadingTitle('<h2>Part</h2>')).toBe('<h2>Part</h2>');
  });
});
