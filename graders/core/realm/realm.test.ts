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
    expect(() => obj.call('now')).toThrow(expect.objectContaining({ errorName: 'NondeterminismError' }));
  });

  it('lets lab code import only modules of the realm', () => {
    const realm = realmWith({
      'engine/util/add.ts': 'exports.add = (a, b) => a + b;',
      'labs/x/a.ts': `const { add } = require('../../engine/util/add.js'); exports.make = () => ({ two: () => add(1, 1) });`,
      'labs/x/b.ts': `const fs = require('fs'); exports.make = () => ({});`,
      'labs/x/c.ts': `require('../../../etc/passwd'); exports.make = () => ({});`,
    });
    expect(realm.create('labs/x/a.ts', 'make').call('two')).toBe(2);
    expect(() => realm.create('labs/x/b.ts', 'make')).toThrow(/^require\("fs"\) is not available in lab code: lab code runs confined/);
    expect(() => realm.create('labs/x/c.ts', 'make')).toThrow(/Cannot find module '..\/..\/..\/etc\/passwd'/);
  });

  it('lets lab code import the engine and its own files, never a grader module', () => {
    const realm = realmWith({
      'graders/x/inside.ts': 'exports.start = () => ({ ok: () => true });',
      'labs/x/a.ts': `const g = require('../../graders/x/inside'); exports.make = () => ({});`,
    });
    expect(() => realm.create('labs/x/a.ts', 'make')).toThrow(/^Cannot find module '..\/..\/graders\/x\/inside' imported by labs\/x\/a.ts: lab code may import only the engine/);
    expect(realm.create('graders/x/inside.ts', 'start').call('ok')).toBe(true);
  });

  it('freezes what engine modules export, so lab code cannot patch the code it runs beside', () => {
    const realm = realmWith({
      'engine/util/store.ts': 'class Store { size() { return 1; } } exports.Store = Store; exports.LIMITS = { max: [1, 2] };',
      'labs/x/a.ts': `"use strict";
        const { Store, LIMITS } = require('../../engine/util/store');
        exports.make = () => ({
          patch() { Store.prototype.size = () => 99; },
          deep() { LIMITS.max.push(3); },
          use() { return new Store().size(); },
          instance() { const s = new Store(); s.extra = 1; return s.extra; },
        });`,
    });
    const obj = realm.create('labs/x/a.ts', 'make');
    expect(() => obj.call('patch')).toThrow(/Cannot assign to read only property 'size'/);
    expect(() => obj.call('deep')).toThrow(/Cannot add property 2, object is not extensible/);
    expect(obj.call('use')).toBe(1);
    expect(obj.call('instance')).toBe(1);
  });

  it('denies the clock, randomness and the host under their own names, even to code that catches it, and remembers the first', () => {
    const realm = realmWith({
      'labs/x/a.ts': `"use strict";
        exports.make = () => ({
          quiet() { try { performance.now(); } catch (e) { return e.name; } },
          env() { return process.env.SECRET; },
        });`,
    });
    const obj = realm.create('labs/x/a.ts', 'make');
    expect(realm.denial()).toBeUndefined();
    expect(obj.call('quiet')).toBe('NondeterminismError');
    expect(() => obj.call('env')).toThrow(/^process\.env is not available in lab code/);
    expect(realm.denial()).toEqual({
      kind: 'nondeterministic',
      what: 'performance.now',
      advice: "time is the simulation's: use the ticks and timestamps you are given, so every run replays",
      where: expect.stringMatching(/^labs\/x\/a\.ts:\d+:\d+$/),
    });
  });

  it('lets a module declare variables named like the names it is denied', () => {
    const realm = realmWith({ 'labs/x/a.ts': 'const process = 1, crypto = 2, console = 3; exports.make = () => ({ sum: () => process + crypto + console });' });
    expect(realm.create('labs/x/a.ts', 'make').call('sum')).toBe(6);
  });

  it('describes a thrown non-Error without letting it out, and never calls its toString', () => {
    const realm = realmWith({
      'labs/x/a.ts': `exports.make = () => ({
        obj() { throw { toString() { for (;;) {} } }; },
        str() { throw 'plain'; },
      });`,
    });
    const obj = realm.create('labs/x/a.ts', 'make');
    expect(() => obj.call('obj')).toThrow(expect.objectContaining({ errorName: 'NonError', message: 'an object' }));
    expect(() => obj.call('str')).toThrow(expect.objectContaining({ errorName: 'NonError', message: '"plain"' }));
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
