import { describe, expect, it } from 'vitest';
import { ProgressDisplay } from './progress';
import { sampleRoster } from './testing/rosters';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), isTTY, columns: 80, text: () => chunks.join('') };
}

const [ada, , cy] = sampleRoster().learners;

describe('ProgressDisplay', () => {
  it('writes one plain line per finished grading when not on a terminal', () => {
    const out = sink(false);
    const p = new ProgressDisplay(out, 6);
    p.started('ada', 'alpha');
    p.finished('ada', 'alpha', ada.labs[0], 2500);
    p.learnerFailed('eve', 'cannot reach http://127.0.0.1:1: connection refused', 2);
    p.finished('cy', 'alpha', cy.labs[0], 1000);
    p.end();
    expect(out.text()).toBe(
      '[1/6] ada alpha: passed 10/10 (2.5 s)\n' +
        '[3/6] eve: cannot reach http://127.0.0.1:1: connection refused\n' +
        '[4/6] cy alpha: failed 9/10 (differs: own result passed, the regrade failed; own score 10/10, regrade 9/10) (1.0 s)\n',
    );
  });

  it('keeps one live line on a terminal, printing above it only what needs a look', () => {
    const out = sink(true);
    const p = new ProgressDisplay(out, 4);
    p.started('ada', 'alpha');
    p.started('cy', 'alpha');
    p.finished('ada', 'alpha', ada.labs[0], 2500);
    p.finished('cy', 'alpha', cy.labs[0], 1000);
    p.end();
    const text = out.text();
    expect(text).toContain('\r\x1b[K[0/4] graded · grading ada/alpha, cy/alpha');
    expect(text).toContain('\r\x1b[K[1/4] graded · grading cy/alpha');
    expect(text).not.toContain('ada alpha: passed');
    expect(text).toContain('\r\x1b[K[2/4] cy alpha: failed 9/10');
    expect(text.endsWith('\r\x1b[K')).toBe(true);
    // Every live line fits the terminal.
    for (const line of text.split(/\r\x1b\[K/)) if (!line.includes('\n')) expect(line.length).toBeLessThan(80);
  });
});
