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
 * Arguments and results are JSON strings (Uint8Array travels as {"$bytes": base64}).
 *
 * Determinism: lab code sees a Math whose random() throws, a Date that cannot
 * read the clock, and no timers; it must use the seeded rng it is given.
 */
export const PRELUDE = String.raw`(function () {
  'use strict';
  var MAX_LOG_LINES = 200;
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
    var bytes = new Uint8Array(Math.floor(clean.length * 3 / 4));
    var bits = 0, acc = 0, j = 0;
    for (var i = 0; i < clean.length; i++) {
      var v = B64.indexOf(clean[i]);
      if (v < 0) throw new Error('bad base64');
      acc = (acc << 6) | v; bits += 6;
      if (bits >= 8) { bits -= 8; bytes[j++] = (acc >> bits) & 255; }
    }
    return bytes;
  }
  // The replacer and reviver are slow (a call per value), so they run only
  // when bytes are present; Raft traffic, the common case, never has any.
  function hasSpecial(v, depth) {
    if (v === null || typeof v !== 'object') return typeof v === 'bigint';
    if (v instanceof Uint8Array) return true;
    if (depth > 64) return true;
    if (Array.isArray(v)) {
      for (var i = 0; i < v.length; i++) if (hasSpecial(v[i], depth + 1)) return true;
      return false;
    }
    for (var k in v) if (hasSpecial(v[k], depth + 1)) return true;
    return false;
  }
  function replacer(k, v) {
    if (v instanceof Uint8Array) return { $bytes: toB64(v) };
    if (typeof v === 'bigint') return Number(v);
    return v;
  }
  var binary = true;
  function encode(value) {
    if (value === undefined) return 'null';
    return binary && hasSpecial(value, 0) ? JSON.stringify(value, replacer) : JSON.stringify(value);
  }
  function reviver(k, v) {
    if (v && typeof v === 'object' && typeof v.$bytes === 'string' && Object.keys(v).length === 1) return fromB64(v.$bytes);
    return v;
  }
  function decode(text) {
    return text.indexOf('"$bytes"') < 0 ? JSON.parse(text) : JSON.parse(text, reviver);
  }

  var sources = Object.create(null);
  var cache = Object.create(null);
  var handles = [null];
  var logs = [];

  function deny(what, advice) {
    return function () { throw new Error(what + ' is not available in lab code: ' + advice); };
  }
  var SafeMath = Object.create(Math);
  Object.defineProperty(SafeMath, 'random', { value: deny('Math.random', 'use the seeded rng you are given, so every run replays exactly') });
  var SafeDate = function Date() { throw new Error('Date is not available in lab code: time is the simulation\'s, passed to you as ticks or timestamps'); };
  SafeDate.now = deny('Date.now', 'time is the simulation\'s, passed to you as ticks or timestamps');
  var noTimer = deny('timers', 'the simulation drives you through tick() and its inputs');
  function line(args) {
    var parts = [];
    for (var i = 0; i < args.length; i++) {
      var a = args[i];
      try { parts.push(typeof a === 'string' ? a : JSON.stringify(a)); } catch (e) { parts.push(String(a)); }
    }
    return parts.join(' ');
  }
  function logger(level) {
    return function () {
      if (logs.length < MAX_LOG_LINES) logs.push(level + ' ' + line(arguments));
      else if (logs.length === MAX_LOG_LINES) logs.push('warn (further console output dropped)');
    };
  }
  var SafeConsole = { log: logger('log'), info: logger('info'), warn: logger('warn'), error: logger('error'), debug: logger('debug') };

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
  function resolve(from, spec) {
    if (spec.slice(0, 2) !== './' && spec.slice(0, 3) !== '../') return null;
    var base = normalize((dirname(from) ? dirname(from) + '/' : '') + spec);
    if (base === null) return null;
    var tries = [base, base.replace(/\.(m?js)$/, '.ts'), base + '.ts', base + '/index.ts'];
    for (var i = 0; i < tries.length; i++) if (Object.prototype.hasOwnProperty.call(sources, tries[i])) return tries[i];
    return null;
  }
  function load(path) {
    var cached = cache[path];
    if (cached) return cached.exports;
    var module = { exports: {} };
    cache[path] = module;
    var fn = new Function('exports', 'require', 'module', 'Math', 'Date', 'console', 'setTimeout', 'setInterval', 'queueMicrotask',
      sources[path] + '\n//# sourceURL=' + path);
    var require = function (spec) {
      var target = resolve(path, String(spec));
      if (target === null) {
        throw new Error("Cannot find module '" + spec + "' imported by " + path +
          ': lab code may import only the engine (engine/...) and its own lab files');
      }
      return load(target);
    };
    try {
      fn.call(undefined, module.exports, require, module, SafeMath, SafeDate, SafeConsole, noTimer, noTimer, noTimer);
    } catch (e) {
      delete cache[path];
      throw e;
    }
    return module.exports;
  }
  function failure(e) {
    var err = e instanceof Error ? e : new Error('threw a non-Error value: ' + String(e));
    return encode({ error: { name: String(err.name), message: String(err.message), stack: String(err.stack || '') } });
  }

  return {
    setBinary: function (flag) {
      binary = flag === true;
    },
    define: function (path, code) {
      if (typeof path !== 'string' || typeof code !== 'string') throw new TypeError('define(path, code) takes two strings');
      sources[path] = code;
    },
    create: function (path, name, argsJson) {
      try {
        var exp = load(String(path))[String(name)];
        if (typeof exp !== 'function') throw new Error(path + ' does not export a function named ' + name);
        var made = exp.apply(undefined, decode(String(argsJson)));
        if (made === null || (typeof made !== 'object' && typeof made !== 'function')) {
          throw new Error(name + ' in ' + path + ' must return an object, got ' + (made === null ? 'null' : typeof made));
        }
        handles.push(made);
        return encode({ ok: handles.length - 1 });
      } catch (e) { return failure(e); }
    },
    call: function (handle, method, argsJson) {
      try {
        var target = handles[Number(handle)];
        if (!target) throw new Error('no object with handle ' + handle);
        var fn = target[String(method)];
        if (typeof fn !== 'function') throw new TypeError(String(method) + ' is not a function on your object');
        return encode({ ok: fn.apply(target, decode(String(argsJson))) });
      } catch (e) { return failure(e); }
    },
    drainLogs: function () {
      var out = encode(logs);
      logs = [];
      return out;
    }
  };
})()`;
