/**
 * PRELUDE is the runtime that runs inside a realm, next to the learner's code.
 *
 * It is JavaScript source, not a module, because the same text must run inside
 * a Node `vm` context (the confined CLI/roster sandbox) and inside a browser
 * Web Worker, and nothing from the grader's own realm may be handed in: only
 * strings and numbers cross the boundary, so learner code can never reach a
 * grader object (and climb its prototype chain out of the sandbox).
 *
 * Evaluating PRELUDE yields a `RealmRuntime` (see realm.ts):
 *   define(path, code)          registers a CommonJS module's source
 *   create(path, name, args)    calls export `name` of module `path`; returns {ok: handle} | {error}
 *   call(handle, method, args)  calls a method on a created object; returns {ok: value} | {error}
 *   drainLogs()                 returns and clears what console.* printed
 *   setBinary(flag)             false: no Uint8Array will cross, skip looking for them (faster)
 *   denial()                    the first use of a denied capability, {kind, what, advice, stack}, or null
 *   lockdown()                  hardens the realm's own globals; only for a realm that holds nothing else
 * Arguments and results are JSON strings (Uint8Array travels as {"$bytes": base64}).
 *
 * Nothing lab code does can change what crosses: the runtime keeps its own
 * copies of the built-ins it uses, calls lab functions with Reflect.apply,
 * and never lets a thrown value out, only a description of it read under
 * try/catch (a value whose getters loop is the host watchdog's business).
 *
 * Denials. Lab code sees a Math whose random() throws, a Date that cannot be
 * constructed or read, no timers, performance or crypto (nondeterministic: it
 * must use the seeded rng and the simulation's time it is given), and no
 * process, fetch, sockets or module outside the realm (confined). A denied
 * use throws a NondeterminismError or ConfinementError at the learner's line
 * and is also remembered (denial()), so it is reported even when something
 * inside the realm catches the error.
 *
 * Engine and grader modules are frozen once loaded (their exports, functions,
 * class prototypes and plain data), so lab code cannot monkey-patch the code
 * it runs beside; lab files may import the engine and each other, never the
 * graders' modules.
 *
 * lockdown() (Node's vm realm: a context made for this run alone) makes the
 * context's globals point at the denials too, tames the "override mistake"
 * for the names code commonly assigns (an Error subclass setting this.name),
 * then freezes every built-in reachable from the global object and makes the
 * global bindings read-only: lab code can neither pollute a prototype, nor
 * replace Math.random, Date or Array methods, nor install
 * Error.prepareStackTrace (which would hand it the host's stack frames). A
 * browser worker shares its realm with the grader, so it is not locked down.
 */
export const PRELUDE = String.raw`(function () {
  'use strict';
  var G = globalThis;
  var ErrorC = Error, TypeErrorC = TypeError, FunctionC = Function, ProxyC = Proxy, U8 = Uint8Array;
  var stringify = JSON.stringify, parse = JSON.parse;
  var apply = Reflect.apply, ownKeys = Reflect.ownKeys, getProto = Reflect.getPrototypeOf;
  var defineProperty = Object.defineProperty, getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  var freeze = Object.freeze, create = Object.create, keys = Object.keys, isArray = Array.isArray;
  var hasOwn = Object.prototype.hasOwnProperty;
  var ObjectPrototype = Object.prototype, ArrayPrototype = Array.prototype;
  var floor = Math.floor;
  var MAX_LOG_LINES = 200;
  var MAX_MESSAGE = 2000, MAX_STACK = 16000;

  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  function toB64(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; i += 3) {
      var a = bytes[i], b = bytes[i + 1], c = bytes[i + 2];
      var n = (a << 16) | ((b || 0) << 8) | (c || 0);
      out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? B64[n & 63] : '=');
    }
    return out;
  }
  function fromB64(s) {
    var clean = s.replace(/=+$/, '');
    var bytes = new U8(floor(clean.length * 3 / 4));
    var bits = 0, acc = 0, j = 0;
    for (var i = 0; i < clean.length; i++) {
      var v = B64.indexOf(clean[i]);
      if (v < 0) throw new ErrorC('bad base64');
      acc = (acc << 6) | v; bits += 6;
      if (bits >= 8) { bits -= 8; bytes[j++] = (acc >> bits) & 255; }
    }
    return bytes;
  }
  // The replacer and reviver are slow (a call per value), so they run only
  // when bytes are present; Raft traffic, the common case, never has any.
  function hasSpecial(v, depth) {
    if (v === null || typeof v !== 'object') return typeof v === 'bigint';
    if (v instanceof U8) return true;
    if (depth > 64) return true;
    if (isArray(v)) {
      for (var i = 0; i < v.length; i++) if (hasSpecial(v[i], depth + 1)) return true;
      return false;
    }
    for (var k in v) if (hasSpecial(v[k], depth + 1)) return true;
    return false;
  }
  function replacer(k, v) {
    if (v instanceof U8) return { $bytes: toB64(v) };
    if (typeof v === 'bigint') return Number(v);
    return v;
  }
  var binary = true;
  function encode(value) {
    if (value === undefined) return 'null';
    return binary && hasSpecial(value, 0) ? stringify(value, replacer) : stringify(value);
  }
  function reviver(k, v) {
    if (v && typeof v === 'object' && typeof v.$bytes === 'string' && keys(v).length === 1) return fromB64(v.$bytes);
    return v;
  }
  function decode(text) {
    return text.indexOf('"$bytes"') < 0 ? parse(text) : parse(text, reviver);
  }

  var sources = create(null);
  var cache = create(null);
  var handles = [null];
  var logs = [];

  // Denials: what lab code may not reach, and the first time it tried.
  var RANDOM = 'use the seeded rng you are given (e.g. config.rng), so every run replays';
  var TIME = 'time is the simulation\'s: use the ticks and timestamps you are given, so every run replays';
  var TIMERS = 'the simulation drives your code through its inputs (tick(), messages), so every run replays';
  var GC = 'when garbage is collected differs between runs; keep what you need in a Map, so every run replays';
  var CONFINED = 'lab code runs confined, with no environment, files, network or processes';
  var ERROR_NAMES = { nondeterministic: 'NondeterminismError', confined: 'ConfinementError' };
  var first = null;
  function deny(kind, what, advice) {
    var err = new ErrorC(what + ' is not available in lab code: ' + advice);
    defineProperty(err, 'name', { value: ERROR_NAMES[kind], writable: true, enumerable: false, configurable: true });
    if (first === null) {
      var stack = '';
      try { stack = typeof err.stack === 'string' ? err.stack.slice(0, MAX_STACK) : ''; } catch (e) { stack = ''; }
      first = { kind: kind, what: what, advice: advice, stack: stack };
    }
    throw err;
  }
  function denied(kind, what, advice) {
    return function () { deny(kind, what, advice); };
  }
  // denyingObject stands for a host object (process, performance, crypto):
  // touching any of it is a denial naming what was touched.
  var denyingObjects = [];
  function denyingObject(kind, name, advice) {
    var handler = create(null);
    var traps = ['get', 'set', 'has', 'deleteProperty', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty', 'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions'];
    for (var i = 0; i < traps.length; i++) {
      handler[traps[i]] = (function (trap) {
        return function (target, key) {
          deny(kind, (trap === 'get' || trap === 'set') && typeof key === 'string' ? name + '.' + key : name, advice);
        };
      })(traps[i]);
    }
    var proxy = new ProxyC(create(null), freeze(handler));
    denyingObjects.push(proxy);
    return proxy;
  }

  var SafeMath = create(Math);
  var deniedRandom = denied('nondeterministic', 'Math.random', RANDOM);
  defineProperty(SafeMath, 'random', { value: deniedRandom });
  freeze(SafeMath);
  var RealDate = Date;
  var SafeDate = function Date() {
    deny('nondeterministic', new.target === undefined ? 'Date()' : arguments.length === 0 ? 'new Date()' : 'new Date(...)', TIME);
  };
  SafeDate.now = denied('nondeterministic', 'Date.now', TIME);
  SafeDate.parse = denied('nondeterministic', 'Date.parse', TIME);
  SafeDate.UTC = denied('nondeterministic', 'Date.UTC', TIME);
  SafeDate.prototype = RealDate.prototype;
  freeze(SafeDate);
  function timer(name) { return denied('nondeterministic', name, TIMERS); }
  var TIMER_NAMES = ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate', 'queueMicrotask', 'requestAnimationFrame', 'requestIdleCallback'];
  var timers = create(null);
  for (var ti = 0; ti < TIMER_NAMES.length; ti++) timers[TIMER_NAMES[ti]] = timer(TIMER_NAMES[ti]);
  var SafeWeakRef = denied('nondeterministic', 'WeakRef', GC);
  var SafeFinalizationRegistry = denied('nondeterministic', 'FinalizationRegistry', GC);
  var SafePerformance = denyingObject('nondeterministic', 'performance', TIME);
  var SafeCrypto = denyingObject('nondeterministic', 'crypto', RANDOM);
  var SafeProcess = denyingObject('confined', 'process', CONFINED);
  var SafeFetch = denied('confined', 'fetch', CONFINED);
  var SafeWebSocket = denied('confined', 'WebSocket', CONFINED);
  var SafeXHR = denied('confined', 'XMLHttpRequest', CONFINED);
  var SafeImportScripts = denied('confined', 'importScripts', CONFINED);

  function printable(a) {
    if (typeof a === 'string') return a;
    if (a === null || (typeof a !== 'object' && typeof a !== 'function')) return String(a);
    try {
      var s = stringify(a);
      return typeof s === 'string' ? s : '[unprintable value]';
    } catch (e) { return '[unprintable value]'; }
  }
  function line(args) {
    var parts = [];
    for (var i = 0; i < args.length; i++) parts.push(printable(args[i]));
    return parts.join(' ');
  }
  function logger(level) {
    return function () {
      if (logs.length < MAX_LOG_LINES) logs.push(level + ' ' + line(arguments));
      else if (logs.length === MAX_LOG_LINES) logs.push('warn (further console output dropped)');
    };
  }
  var SafeConsole = freeze({ log: logger('log'), info: logger('info'), warn: logger('warn'), error: logger('error'), debug: logger('debug'), trace: logger('trace') });

  // What a module's code sees under these names, whatever the host's globals
  // are. They are parameters of a function around the module's own, so a
  // module may still declare a variable of the same name (const process = ...).
  var SHADOWED = ['Math', 'Date', 'console', 'performance', 'crypto', 'process', 'fetch', 'WebSocket', 'XMLHttpRequest', 'importScripts', 'WeakRef', 'FinalizationRegistry'].concat(TIMER_NAMES);
  var SHADOWED_LIST = SHADOWED.join(', ');
  var shadows = [SafeMath, SafeDate, SafeConsole, SafePerformance, SafeCrypto, SafeProcess, SafeFetch, SafeWebSocket, SafeXHR, SafeImportScripts, SafeWeakRef, SafeFinalizationRegistry];
  for (var si = 0; si < TIMER_NAMES.length; si++) shadows.push(timers[TIMER_NAMES[si]]);

  function dirname(p) { var i = p.lastIndexOf('/'); return i < 0 ? '' : p.slice(0, i); }
  function normalize(p) {
    var out = [];
    var parts = p.split('/');
    for (var i = 0; i < parts.length; i++) {
      var s = parts[i];
      if (s === '' || s === '.') continue;
      if (s === '..') { if (out.length === 0) return null; out.pop(); } else out.push(s);
    }
    return out.join('/');
  }
  function isLab(p) { return p.slice(0, 5) === 'labs/'; }
  function resolve(from, spec) {
    var base = normalize((dirname(from) ? dirname(from) + '/' : '') + spec);
    if (base === null) return null;
    var tries = [base, base.replace(/\.(m?js)$/, '.ts'), base + '.ts', base + '/index.ts'];
    for (var i = 0; i < tries.length; i++) {
      var t = tries[i];
      if (!apply(hasOwn, sources, [t])) continue;
      // Lab files reach the engine and each other; the graders' modules are not theirs to import.
      if (isLab(from) && !isLab(t) && t.slice(0, 7) !== 'engine/') return null;
      return t;
    }
    return null;
  }

  // hardenModule freezes what an engine or grader module exports: the exports
  // object, its functions and their prototypes (classes), and plain data.
  // Instances, maps and typed arrays the module shares stay as they are.
  var hardened = new WeakSet();
  function hardenValue(v, force, depth) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || depth > 16 || hardened.has(v)) return;
    if (!force && typeof v === 'object') {
      var proto = getProto(v);
      if (proto !== ObjectPrototype && proto !== ArrayPrototype && proto !== null) return;
    }
    hardened.add(v);
    freeze(v);
    var ks = ownKeys(v);
    for (var i = 0; i < ks.length; i++) {
      var d = getOwnPropertyDescriptor(v, ks[i]);
      if (d && hasOwnValue(d)) hardenValue(d.value, typeof v === 'function' && ks[i] === 'prototype', depth + 1);
    }
  }
  function hasOwnValue(d) { return apply(hasOwn, d, ['value']); }
  function hardenModule(exports) {
    if (exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return;
    var ks = ownKeys(exports);
    var values = [];
    for (var i = 0; i < ks.length; i++) {
      // Exports compiled from ES modules are getters (live bindings); one
      // that reads a binding not yet initialized (a cycle) is left alone.
      try { values.push(exports[ks[i]]); } catch (e) { /* not yet initialized */ }
    }
    hardenValue(exports, true, 0);
    for (var j = 0; j < values.length; j++) hardenValue(values[j], false, 1);
  }

  function load(path) {
    var cached = cache[path];
    if (cached) return cached.exports;
    var module = { exports: {} };
    cache[path] = module;
    // The module's first line shares its line with the inner function's
    // head, so lines (and source maps) are as for a plain two-line wrapper.
    var outer = new FunctionC(SHADOWED_LIST, 'return function (exports, require, module) {' + sources[path] + '\n};\n//# sourceURL=' + path);
    var fn = apply(outer, undefined, shadows);
    var require = function (spec) {
      var s = typeof spec === 'string' ? spec : String(spec);
      if (s.slice(0, 2) !== './' && s.slice(0, 3) !== '../') deny('confined', 'require(' + stringify(s) + ')', CONFINED);
      var target = resolve(path, s);
      if (target === null) {
        throw new ErrorC("Cannot find module '" + s + "' imported by " + path +
          ': lab code may import only the engine (engine/...) and its own lab files');
      }
      return load(target);
    };
    try {
      apply(fn, undefined, [module.exports, require, module]);
    } catch (e) {
      delete cache[path];
      throw e;
    }
    if (!isLab(path)) hardenModule(module.exports);
    return module.exports;
  }

  function textOf(o, key, fallback) {
    try {
      var v = o[key];
      return typeof v === 'string' ? v : fallback;
    } catch (e) { return fallback; }
  }
  function describeThrown(e) {
    if (e === null) return 'null';
    var t = typeof e;
    if (t === 'string') return stringify(e.length > 200 ? e.slice(0, 200) + '...' : e);
    if (t === 'object') return 'an object';
    if (t === 'function') return 'a function';
    return String(e);
  }
  // failure describes whatever lab code threw without letting it out: every
  // read of it is guarded, and only strings are kept.
  function failure(e) {
    var name = 'NonError', message = '', stack = '';
    try {
      if (e instanceof ErrorC) {
        name = textOf(e, 'name', 'Error');
        message = textOf(e, 'message', '');
        stack = textOf(e, 'stack', '');
      } else {
        message = describeThrown(e);
      }
    } catch (x) {
      name = 'NonError';
      message = 'a value that could not be read';
      stack = '';
    }
    return stringify({ error: { name: name.slice(0, 100), message: message.slice(0, MAX_MESSAGE), stack: stack.slice(0, MAX_STACK) } });
  }

  // tame turns a writable built-in property into an accessor whose setter
  // defines the property on the object assigned to, so freezing the built-in
  // does not stop ordinary code (this.name = 'MyError') from working.
  function tame(obj, names) {
    for (var i = 0; i < names.length; i++) {
      var name = names[i];
      var d = getOwnPropertyDescriptor(obj, name);
      if (!d || !hasOwnValue(d) || !d.writable || !d.configurable) continue;
      (function (name, value) {
        defineProperty(obj, name, {
          get: function () { return value; },
          set: function (v) {
            if (this === obj) throw new TypeErrorC("Cannot assign to read only property '" + name + "' of a built-in prototype: lab code cannot change the built-ins");
            defineProperty(this, name, { value: v, writable: true, enumerable: true, configurable: true });
          },
          enumerable: d.enumerable,
          configurable: false
        });
      })(name, d.value);
    }
  }
  function lockdown() {
    // The clock, randomness and the host, as the context's own globals see them.
    defineProperty(Math, 'random', { value: deniedRandom, writable: false, configurable: false });
    defineProperty(RealDate, 'now', { value: SafeDate.now, writable: false, configurable: false });
    defineProperty(RealDate.prototype, 'constructor', { value: SafeDate, writable: false, configurable: false });
    if (typeof Intl === 'object' && Intl) {
      defineProperty(Intl, 'DateTimeFormat', { value: denied('nondeterministic', 'Intl.DateTimeFormat', TIME), writable: false, configurable: false });
    }
    var globals = {
      Date: SafeDate, WeakRef: SafeWeakRef, FinalizationRegistry: SafeFinalizationRegistry,
      performance: SafePerformance, crypto: SafeCrypto, process: SafeProcess, require: denied('confined', 'require', CONFINED),
      fetch: SafeFetch, WebSocket: SafeWebSocket, XMLHttpRequest: SafeXHR, importScripts: SafeImportScripts
    };
    for (var t = 0; t < TIMER_NAMES.length; t++) globals[TIMER_NAMES[t]] = timers[TIMER_NAMES[t]];
    var gk = keys(globals);
    for (var i = 0; i < gk.length; i++) defineProperty(G, gk[i], { value: globals[gk[i]], writable: false, enumerable: false, configurable: false });

    tame(ObjectPrototype, ['constructor', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable']);
    tame(ErrorC.prototype, ['constructor', 'name', 'message', 'toString']);
    var natives = [EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError];
    if (typeof AggregateError === 'function') natives.push(AggregateError);
    for (var n = 0; n < natives.length; n++) tame(natives[n].prototype, ['constructor', 'name', 'message']);
    // Array.prototype.constructor and Promise.prototype.then stay data
    // properties: turning them into accessors would cost every array and
    // promise operation V8's fast paths.
    tame(FunctionC.prototype, ['constructor', 'toString']);

    // Freeze every built-in reachable from the global object, and the ones
    // only syntax reaches (generator and async function prototypes, iterators).
    var skip = denyingObjects;
    var stack = [];
    var roots = ownKeys(G);
    for (var r = 0; r < roots.length; r++) {
      var rd = getOwnPropertyDescriptor(G, roots[r]);
      if (rd) stack.push(rd.value, rd.get, rd.set);
    }
    stack.push(
      getProto(function* () {}), getProto(async function () {}), getProto(async function* () {}),
      getProto([][Symbol.iterator]()), getProto(new Map()[Symbol.iterator]()), getProto(new Set()[Symbol.iterator]()),
      getProto(''[Symbol.iterator]()), getProto(/x/[Symbol.matchAll](''))
    );
    var seen = new WeakSet();
    while (stack.length > 0) {
      var o = stack.pop();
      if (o === null || (typeof o !== 'object' && typeof o !== 'function') || o === G || seen.has(o)) continue;
      seen.add(o);
      if (skip.indexOf(o) >= 0) continue;
      freeze(o);
      var ks = ownKeys(o);
      for (var k = 0; k < ks.length; k++) {
        var d = getOwnPropertyDescriptor(o, ks[k]);
        if (!d) continue;
        if (hasOwnValue(d)) stack.push(d.value); else stack.push(d.get, d.set);
      }
      stack.push(getProto(o));
    }
    // The global bindings themselves: Error.prepareStackTrace is looked up
    // through globalThis.Error, so no binding may be replaced either.
    for (var b = 0; b < roots.length; b++) {
      var bd = getOwnPropertyDescriptor(G, roots[b]);
      if (!bd || !bd.configurable) continue;
      // Whole descriptors: Node's vm global turns a partial one into a value of undefined.
      if (hasOwnValue(bd)) defineProperty(G, roots[b], { value: bd.value, writable: false, enumerable: bd.enumerable, configurable: false });
      else defineProperty(G, roots[b], { get: bd.get, set: bd.set, enumerable: bd.enumerable, configurable: false });
    }
  }

  var locked = false;
  return freeze({
    setBinary: function (flag) {
      binary = flag === true;
    },
    define: function (path, code) {
      if (typeof path !== 'string' || typeof code !== 'string') throw new TypeErrorC('define(path, code) takes two strings');
      sources[path] = code;
    },
    create: function (path, name, argsJson) {
      try {
        var exp = load(String(path))[String(name)];
        if (typeof exp !== 'function') throw new ErrorC(path + ' does not export a function named ' + name);
        var made = apply(exp, undefined, decode(String(argsJson)));
        if (made === null || (typeof made !== 'object' && typeof made !== 'function')) {
          throw new ErrorC(name + ' in ' + path + ' must return an object, got ' + (made === null ? 'null' : typeof made));
        }
        handles.push(made);
        return encode({ ok: handles.length - 1 });
      } catch (e) { return failure(e); }
    },
    call: function (handle, method, argsJson) {
      try {
        var target = handles[Number(handle)];
        if (!target) throw new ErrorC('no object with handle ' + handle);
        var fn = target[String(method)];
        if (typeof fn !== 'function') throw new TypeErrorC(String(method) + ' is not a function on your object');
        return encode({ ok: apply(fn, target, decode(String(argsJson))) });
      } catch (e) { return failure(e); }
    },
    drainLogs: function () {
      var out = stringify(logs);
      logs = [];
      return out;
    },
    denial: function () {
      return stringify(first);
    },
    lockdown: function () {
      if (locked) return;
      locked = true;
      lockdown();
    }
  });
})()`;
