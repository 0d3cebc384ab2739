import { describe, expect, it } from 'vitest';
import { ReadOnly } from './read_only';

describe('ReadOnly', () => {
  it('counts the leader as the first acknowledgement', () => {
    const ro = new ReadOnly();
    ro.addRequest(4, 'r1', 'n1');
    expect(ro.recvAck('n2', 'r1')).toBe(2);
    expect(ro.recvAck('n2', 'r1')).toBe(2);
    expect(ro.recvAck('n3', 'r1')).toBe(3);
  });

  it('confirms every earlier read together with a later one, oldest first', () => {
    const ro = new ReadOnly();
    ro.addRequest(4, 'r1', 'n1');
    ro.addRequest(5, 'r2', 'n1');
    ro.addRequest(6, 'r3', 'n1');
    expect(ro.advance('r2')).toEqual([
      { index: 4, requestCtx: 'r1' },
      { index: 5, requestCtx: 'r2' },
    ]);
    expect(ro.lastPendingCtx()).toBe('r3');
    expect(ro.recvAck('n2', 'r1')).toBe(0);
  });

  it('queues a repeated context once', () => {
    const ro = new ReadOnly();
    ro.addRequest(4, 'r1', 'n1');
    ro.addRequest(9, 'r1', 'n1');
    expect(ro.advance('r1')).toEqual([{ index: 4, requestCtx: 'r1' }]);
    expect(ro.lastPendingCtx()).toBe('');
  });

  it('ignores acknowledgements and confirmations of unknown contexts', () => {
    const ro = new ReadOnly();
    expect(ro.recvAck('n2', 'nope')).toBe(0);
    expect(ro.advance('nope')).toEqual([]);
  });
});
