import { describe, expect, it } from 'vitest';
import { LabCodeError } from '../../graders/core/realm/realm';
import { vmRealm } from './vm-realm';

/** probe makes a realm holding one lab module whose make() returns `methods` (JavaScript source of an object literal). */
function probe(methods: string, extra: Record<string, string> = {}) {
  const realm = vmRealm().load({ 'labs/x/probe.ts': `"use strict"; exports.make = () => (${methods});`, ...extra });
  return { realm, obj: realm.create('labs/x/probe.ts', 'make') };
}

function thrown(fn: () => unknown): LabCodeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LabCodeError) return e;
    throw e;
  }
  throw new Error('expected a LabCodeError');
}

describe('vmRealm', () => {
  it('runs lab code with no require, fetch or Buffer, and stand-ins for process, timers and clock that refuse', () => {
    const { obj } = probe(`{
      probe() {
        return [typeof globalThis.require, typeof globalThis.fetch, typeof globalThis.Buffer, typeof process, typeof setTimeout];
      },
      env() { return process.env.HOME; },
      globalRandom() { return globalThis.Math.random(); },
      globalNow() { return globalThis.Date.now(); },
      globalNewDate() { return new globalThis.Date().getTime(); },
      dateViaPrototype() { return new globalThis.Date.prototype.constructor(); },
      weakRef() { return new WeakRef({}); },
      dateFormat() { return new Intl.DateTimeFormat().format(); },
    }`);
    expect(obj.call('probe')).toEqual(['function', 'function', 'undefined', 'object', 'function']);
    expect(thrown(() => obj.call('env'))).toMatchObject({ errorName: 'ConfinementError', message: expect.stringMatching(/^process\.env is not available in lab code/) });
    expect(thrown(() => obj.call('globalRandom'))).toMatchObject({ errorName: 'NondeterminismError', message: expect.stringMatching(/^Math\.random is not available/) });
    expect(thrown(() => obj.call('globalNow')).message).toMatch(/^Date\.now is not available/);
    expect(thrown(() => obj.call('globalNewDate')).message).toMatch(/^new Date\(\) is not available/);
    expect(thrown(() => obj.call('dateViaPrototype')).message).toMatch(/^new Date\(\) is not available/);
    expect(thrown(() => obj.call('weakRef')).message).toMatch(/^WeakRef is not available in lab code: when garbage is collected differs/);
    expect(thrown(() => obj.call('dateFormat')).message).toMatch(/^Intl\.DateTimeFormat is not available/);
  });

  it('remembers the first denial, with its stack, even when lab code caught it', () => {
    const { realm, obj } = probe(`{
      sneaky() { try { return Math.random(); } catch (e) { return 4; } },
    }`);
    expect(realm.denial()).toBeUndefined();
    expect(obj.call('sneaky')).toBe(4);
    expect(realm.denial()).toMatchObject({ kind: 'nondeterministic', what: 'Math.random', where: expect.stringMatching(/^labs\/x\/probe\.ts:\d+:\d+$/) });
  });

  it('keeps lab code inside even when it climbs the prototype chain of what it is given', () => {
    const { obj } = probe(`{
      escape(arg) { return arg.constructor.constructor('return process.mainModule')(); },
    }`);
    expect(thrown(() => obj.call('escape', { any: 'object' }))).toMatchObject({ errorName: 'ConfinementError', message: expect.stringMatching(/^process\.mainModule is not available/) });
  });

  it('freezes the built-ins and the global bindings, so nothing can be polluted or replaced', () => {
    const { obj } = probe(`{
      pollute() { Object.prototype.polluted = true; },
      replaceRandom() { globalThis.Math.random = () => 0.5; },
      replaceDate() { globalThis.Date = function () {}; },
      replaceArray() { Array.prototype.includes = () => true; },
      stackHook() { Error.prepareStackTrace = (e, frames) => frames; },
      asyncProto() { Object.getPrototypeOf(async function () {}).constructor.hacked = 1; },
      stillClean() { return [({}).polluted, [1].includes(2), typeof Error.prepareStackTrace]; },
    }`);
    for (const method of ['pollute', 'replaceRandom', 'replaceDate', 'replaceArray', 'stackHook', 'asyncProto']) {
      expect(thrown(() => obj.call(method)).errorName, method).toBe('TypeError');
    }
    expect(obj.call('stillClean')).toEqual([null, false, 'undefined']);
  });

  it('lets ordinary code override inherited names on its own objects (Error subclasses set this.name)', () => {
    const { obj } = probe(`{
      custom() {
        class EtcdError extends Error { constructor(m) { super(m); this.name = 'EtcdError'; } }
        const o = {}; o.toString = () => 'mine'; o.constructor = 'c';
        const e = new EtcdError('boom');
        return [e.name, String(e), String(o), o.constructor, new Error('x').name];
      },
      builtIn() { Error.prototype.name = 'Hacked'; },
    }`);
    expect(obj.call('custom')).toEqual(['EtcdError', 'EtcdError: boom', 'mine', 'c', 'Error']);
    expect(thrown(() => obj.call('builtIn')).message).toMatch(/Cannot assign to read only property 'name' of a built-in prototype/);
  });

  it('freezes engine modules but not the lab’s own, and lets lab code shadow the denied names', () => {
    const engine = { 'engine/util/box.ts': '"use strict"; class Box { get() { return 1; } } exports.Box = Box; exports.config = { size: 3 };' };
    const { obj } = probe(
      `{
        patch() { require('../../engine/util/box').Box.prototype.get = () => 2; },
        grow() { require('../../engine/util/box').config.size = 4; },
        own() { const mine = require('./helper'); mine.n = 2; return mine.n + require('./helper').shadow(); },
      }`,
      { ...engine, 'labs/x/helper.ts': '"use strict"; const process = 40; exports.n = 1; exports.shadow = () => process;' },
    );
    expect(thrown(() => obj.call('patch')).message).toMatch(/Cannot assign to read only property 'get'/);
    expect(thrown(() => obj.call('grow')).message).toMatch(/Cannot assign to read only property 'size'/);
    expect(obj.call('own')).toBe(42);
  });

  it('runs Promise callbacks and async continuations within the call that started them', () => {
    const { obj } = probe(`{
      log: [],
      start() { Promise.resolve().then(() => this.log.push('then')); (async () => { await null; this.log.push('await'); })(); this.log.push('sync'); return this.log.slice(); },
      seen() { return this.log; },
    }`);
    expect(obj.call('start')).toEqual(['sync']);
    expect(obj.call('seen')).toEqual(['sync', 'then', 'await']);
  });

  it('never lets a thrown value out: it describes it, reading it under guard', () => {
    const { obj } = probe(`{
      number() { throw 42; },
      trap() { const t = () => { throw new Error('trap'); }; throw new Proxy({}, { get: t, getPrototypeOf: t }); },
      getter() { const e = new Error('x'); Object.defineProperty(e, 'message', { get() { throw new Error('no'); } }); throw e; },
    }`);
    expect(thrown(() => obj.call('number'))).toMatchObject({ errorName: 'NonError', message: '42' });
    expect(thrown(() => obj.call('trap'))).toMatchObject({ errorName: 'NonError', message: 'a value that could not be read' });
    expect(thrown(() => obj.call('getter'))).toMatchObject({ errorName: 'Error', message: '' });
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
