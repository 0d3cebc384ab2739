import { describe, expect, it } from 'vitest';
import { decode, encode } from './codec';
import { localRealm } from './local';
import { PRELUDE } from './prelude';
import { LabCodeError, type RealmRuntime } from './realm';

const echoModule = `exports.make = function (seed) {
  return {
    echo(x) { return x; },
    bytes(n) { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = (i * 37 + seed) & 255; return b; },
    fail() { throw new RangeError('bad range'); },
    random() { return Math.random(); },
    now() { return Date.now(); },
    log(x) { console.log('value is', x); return 1; },
  };
};`;

function realmWith(modules: Record<string, string>) {
  return localRealm().load(modules);
}

describe('the realm codec', () => {
  it('agrees between the inner (PRELUDE) and outer halves, bytes included', () => {
    const inner = new Function(`return ${PRELUDE};`)() as RealmRuntime;
    inner.define('labs/x/echo.ts', echoModule);
    const made = decode(inner.create('labs/x/echo.ts', 'make', encode([5]))) as { ok: number };
    for (const n of [0, 1, 2, 3, 4, 255, 1000]) {
      const res = decode(inner.call(made.ok, 'bytes', encode([n]))) as { ok: Uint8Array };
      expect(res.ok).toBeInstanceOf(Uint8Array);
      expect([...res.ok]).toEqual(Array.from({ length: n }, (_, i) => (i * 37 + 5) & 255));
      const back = decode(inner.call(made.ok, 'echo', encode([res.ok]))) as { ok: Uint8Array };
      expect([...back.ok]).toEqual([...res.ok]);
    }
  });

  it('round-trips plain data and turns undefined into null', () => {
    const value = { a: [1, 'two', { three: true }], b: null };
    expect(decode(encode(value))).toEqual(value);
    expect(encode(undefined)).toBe('null');
  });
});

describe('localRealm', () => {
  it('creates objects from lab modules and calls their methods with copies', () => {
    const obj = realmWith({ 'labs/x/echo.ts': echoModule }).create('labs/x/echo.ts', 'make', 1);
    const input = { nested: [1, 2] };
    const out = obj.call('echo', input) as typeof input;
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
  });

  it('rebuilds lab exceptions as LabCodeError with the lab file location', () => {
    const obj = realmWith({ 'labs/x/echo.ts': echoModule }).create('labs/x/echo.ts', 'make', 1);
    let caught: unknown;
    try {
      obj.call('fail');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LabCodeError);
    const err = caught as LabCodeError;
    expect(err.errorName).toBe('RangeError');
    expect(err.message).toBe('bad range');
    expect(err.where).toMatch(/^labs\/x\/echo\.ts:\d+:\d+$/);
    expect(err.describe()).toMatch(/^RangeError: bad range \(at labs\/x\/echo\.ts:/);
  });

  it('refuses Math.random and Date.now in lab code, saying what to use', () => {
    const obj = realmWith({ 'labs/x/echo.ts': echoModule }).create('labs/x/echo.ts', 'make', 1);
    expect(() => obj.call('random')).toThrow(/Math.random is not available in lab code: use the seeded rng/);
    expect(() => obj.call('now')).toThrow(/Date.now is not available in lab code/);
  });

  it('lets lab code import only modules of the realm', () => {
    const realm = realmWith({
      'engine/util/add.ts': 'exports.add = (a, b) => a + b;',
      'labs/x/a.ts': `const { add } = require('../../engine/util/add.js'); exports.make = () => ({ two: () => add(1, 1) });`,
      'labs/x/b.ts': `const fs = require('fs'); exports.make = () => ({});`,
      'labs/x/c.ts': `require('../../../etc/passwd'); exports.make = () => ({});`,
    });
    expect(realm.create('labs/x/a.ts', 'make').call('two')).toBe(2);
    expect(() => realm.create('labs/x/b.ts', 'make')).toThrow(/Cannot find module 'fs' imported by labs\/x\/b.ts: lab code may import only the engine/);
    expect(() => realm.create('labs/x/c.ts', 'make')).toThrow(/Cannot find module '..\/..\/..\/etc\/passwd'/);
  });

  it('captures console output', () => {
    const realm = realmWith({ 'labs/x/echo.ts': echoModule });
    realm.create('labs/x/echo.ts', 'make', 1).call('log', { k: 1 });
    expect(realm.drainLogs()).toEqual(['log value is {"k":1}']);
    expect(realm.drainLogs()).toEqual([]);
  });

  it('explains a missing export or a non-object result', () => {
    const realm = realmWith({ 'labs/x/n.ts': 'exports.make = () => 3;' });
    expect(() => realm.create('labs/x/n.ts', 'nope')).toThrow(/does not export a function named nope/);
    expect(() => realm.create('labs/x/n.ts', 'make')).toThrow(/must return an object, got number/);
  });
});
