import { describe, expect, it } from 'vitest';
import { vmRealm } from './vm-realm';

describe('vmRealm', () => {
  it('runs lab code with no process, require, timers or clock', () => {
    const realm = vmRealm().load({
      'labs/x/probe.ts': `exports.make = () => ({
        probe() {
          return [typeof process, typeof globalThis.require, typeof setTimeout, typeof globalThis.fetch, typeof globalThis.Buffer];
        },
        globalRandom() { return globalThis.Math.random(); },
        globalNow() { return globalThis.Date.now(); },
      });`,
    });
    const obj = realm.create('labs/x/probe.ts', 'make');
    expect(obj.call('probe')).toEqual(['undefined', 'undefined', 'function', 'undefined', 'undefined']);
    expect(() => obj.call('globalRandom')).toThrow(/Math.random is not available/);
    expect(() => obj.call('globalNow')).toThrow(/Date.now is not available/);
  });

  it('keeps lab code inside even when it climbs the prototype chain of what it is given', () => {
    const realm = vmRealm().load({
      'labs/x/escape.ts': `exports.make = () => ({
        escape(arg) {
          const F = arg.constructor.constructor;
          return F('return typeof process')();
        },
      });`,
    });
    expect(realm.create('labs/x/escape.ts', 'make').call('escape', { any: 'object' })).toBe('undefined');
  });

  it('gives every realm fresh globals', () => {
    const mod = { 'labs/x/g.ts': 'exports.make = () => ({ bump() { globalThis.n = (globalThis.n || 0) + 1; return globalThis.n; } });' };
    const a = vmRealm().load(mod).create('labs/x/g.ts', 'make');
    expect(a.call('bump')).toBe(1);
    expect(a.call('bump')).toBe(2);
    const b = vmRealm().load(mod).create('labs/x/g.ts', 'make');
    expect(b.call('bump')).toBe(1);
  });
});
