import { describe, expect, it } from 'vitest';
import { Recorder } from './observations';

describe('Recorder', () => {
  it('keeps observations only while a recording is open, in order', () => {
    const r = new Recorder();
    r.record({ kind: 'response', status: 200, body: null });
    r.start();
    r.record({ kind: 'authn', result: 'none' });
    r.record({ kind: 'response', status: 401, body: null });
    expect(r.stop().map((o) => o.kind)).toEqual(['authn', 'response']);
    expect(r.recording).toBe(false);
  });

  it('refuses to nest recordings or stop one that is not open', () => {
    const r = new Recorder();
    expect(() => r.stop()).toThrow(/no recording/);
    r.start();
    expect(() => r.start()).toThrow(/already open/);
  });

  it('names the running plugin inside within, and restores the outer one after, even on a throw', () => {
    const r = new Recorder();
    r.within('LimitRanger', () => {
      expect(r.by).toBe('LimitRanger');
      r.within(undefined, () => expect(r.by).toBeUndefined());
      expect(() => r.within('Other', () => { throw new Error('boom'); })).toThrow('boom');
      expect(r.by).toBe('LimitRanger');
    });
    expect(r.by).toBeUndefined();
  });
});
