/**
 * Etcd3Store is k8s.io/apiserver/pkg/storage/etcd3's store for one resource:
 * objects as JSON under their keys, resourceVersion = the key's mod_revision,
 * optimistic concurrency by txn compares on mod_revision, and paged lists
 * with continue tokens. It talks to etcd only through EtcdKV; every result
 * comes back through a callback, after the call returns.
 */
import type { KvError, EtcdKV } from '../../../etcd/v3/kv';
import type { KeyValue, RangeResponse } from '../../../etcd/mvcc/types';
import { prefixRangeEnd } from '../../../etcd/mvcc/store';
import {
  isStatusError,
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newInternalError,
  newInvalid,
  newNotFound,
  newResourceExpired,
  newTooLargeResourceVersion,
  type StatusError,
} from '../../errors';
import { decodeContinue, encodeContinue } from '../continue';
import { decodeKv, encodeObject, parseStored, setResourceVersion, nameOfKey, predicateEmpty, predicateMatches, withResourceVersion } from '../objects';
import type {
  AttrFunc,
  Done,
  GetOptions,
  GroupResource,
  KubeObject,
  ListOptions,
  ListResult,
  Preconditions,
  TryUpdate,
  UpdateOptions,
} from '../types';

/** Upstream's 410 texts (etcd3/errors.go). */
export const EXPIRED_LIST = 'The resourceVersion for the provided list is too old.';
export const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/** MAX_LIST_BATCH caps how many keys one range of a filtered list reads (etcd3's maxLimit). */
const MAX_LIST_BATCH = 10000;

const isCompacted = (e: KvError) => e.code === 'OutOfRange' && e.message.includes('compacted');
const isFutureRev = (e: KvError) => e.code === 'OutOfRange' && e.message.includes('future');

/**
 * parseResourceVersion is APIObjectVersioner.ParseResourceVersion: "" and "0"
 * are 0, anything else must be an unsigned integer.
 */
export function parseResourceVersion(rv: string | undefined, gr: GroupResource, name: string): number | StatusError {
  if (rv === undefined || rv === '' || rv === '0') return 0;
  if (!/^\d+$/.test(rv)) {
    return newInvalid({ group: gr.group, kind: gr.resource }, name, [
      { type: 'FieldValueInvalid', field: 'resourceVersion', badValue: rv, detail: `strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax` },
    ]);
  }
  return Number(rv);
}

/** StoredState is what a read of one key found: the object, its revision and its stored bytes. */
interface StoredState {
  obj: KubeObject | null;
  rv: number;
  data: string | null;
}

function stateOf(kv: KeyValue | undefined): StoredState {
  return kv ? { obj: decodeKv(kv), rv: kv.mod_revision, data: kv.value } : { obj: null, rv: 0, data: null };
}

export class Etcd3Store {
  /**
   * decoded, when set (by the cacher in front), returns the object already
   * decoded for key at revision rv, if it has it: a list item found there is
   * not parsed again. Such objects are shared, so only lists use them (list
   * items are read-only downstream, as watch-cache lists' always were); a
   * get or an update parses its own copy.
   */
  decoded: ((key: string, rv: number) => KubeObject | undefined) | undefined;

  constructor(
    private readonly kv: EtcdKV,
    readonly resource: GroupResource,
    private readonly attrs: AttrFunc,
    /** defer runs fn later (never inside the caller): errors found before any etcd call go through it. */
    private readonly defer: (fn: () => void) => void,
  ) {}

  /** kvError turns a failed etcd request into the API error a client sees. */
  private kvError(e: KvError): StatusError {
    return newInternalError(e.message);
  }

  create(key: string, obj: KubeObject, done: Done<KubeObject>): void {
    if (obj.metadata?.resourceVersion) {
      const err = newInternalError('resourceVersion should not be set on objects to be created');
      return this.defer(() => done(err));
    }
    const value = encodeObject(obj);
    this.kv.txn(
      {
        compare: [{ key, target: 'CREATE', result: 'EQUAL', create_revision: 0 }],
        success: [{ request_put: { key, value } }],
      },
      (err, res) => {
        if (err) return done(this.kvError(err));
        if (!res!.succeeded) return done(newAlreadyExists(this.resource, nameOfKey(key)));
        done(null, withResourceVersion(obj, res!.header.revision));
      },
    );
  }

  get(key: string, opts: GetOptions, done: Done<KubeObject | null>): void {
    const minRV = parseResourceVersion(opts.resourceVersion, this.resource, nameOfKey(key));
    this.kv.range({ key, serializable: opts.resourceVersion === '0' }, (err, res) => {
      if (err) return done(this.kvError(err));
      if (isStatusError(minRV)) return done(minRV);
      if (minRV > res!.header.revision) return done(newTooLargeResourceVersion(minRV, res!.header.revision));
      const kv = res!.kvs[0];
      if (!kv) return opts.ignoreNotFound ? done(null, null) : done(newNotFound(this.resource, nameOfKey(key)));
      done(null, decodeKv(kv));
    });
  }

  /**
   * getList lists the keys under prefix (a key ending in "/"; any other key
   * lists that one object), as etcd3's GetList: at the revision of a continue
   * token or of an Exact resourceVersion (or a legacy limit + resourceVersion),
   * otherwise at the latest revision, at least the asked resourceVersion.
   */
  getList(prefix: string, opts: ListOptions, done: Done<ListResult>): void {
    const fail = (e: StatusError) => this.defer(() => done(e));
    const recursive = prefix.endsWith('/');
    const limit = recursive ? Math.max(0, opts.limit ?? 0) : 0;
    const pred = opts.predicate;
    const requested = parseResourceVersion(opts.resourceVersion, this.resource, '');
    if (isStatusError(requested)) return fail(requested);
    const match = opts.resourceVersionMatch ?? '';

    let fromKey = prefix;
    let withRev = 0;
    let minRV = 0;
    const paging = !!opts.continue;
    if (opts.continue) {
      if (opts.resourceVersion && opts.resourceVersion !== '0') {
        return fail(newBadRequest('specifying resource version is not allowed when using continue'));
      }
      const c = decodeContinue(opts.continue, prefix);
      if ('error' in c) return fail(newBadRequest(`invalid continue token: ${c.error}`));
      fromKey = c.fromKey;
      // rv -1 is the inconsistent token of a 410: continue at the latest revision.
      if (c.rv > 0) withRev = c.rv;
    } else if (requested > 0) {
      if (match === 'Exact' || (match === '' && limit > 0)) withRev = requested;
      else minRV = requested;
    } else if (match === 'Exact') {
      return fail(newBadRequest('resourceVersionMatch "Exact" is forbidden for resourceVersion "0"'));
    }

    const rangeEnd = recursive ? prefixRangeEnd(prefix) : undefined;
    const filtered = !predicateEmpty(pred);
    const items: KubeObject[] = [];
    let batch = limit > 0 && filtered ? Math.min(limit, MAX_LIST_BATCH) : limit;
    let firstCount = -1;
    let rev = withRev;

    const finish = (hasMore: boolean, lastKey: string) => {
      const result: ListResult = { items, resourceVersion: String(rev) };
      if (hasMore) {
        result.continue = encodeContinue(`${lastKey}\0`, prefix, rev);
        if (!filtered) result.remainingItemCount = firstCount - limit;
      }
      done(null, result);
    };

    const onRange = (err: KvError | null, res?: RangeResponse) => {
      if (err) {
        if (isCompacted(err)) {
          if (paging) {
            const e = newResourceExpired(INCONSISTENT_CONTINUE);
            e.status.metadata.continue = encodeContinue(fromKey, prefix, -1);
            return done(e);
          }
          return done(newResourceExpired(EXPIRED_LIST));
        }
        if (isFutureRev(err)) {
          const asked = withRev;
          this.kv.range({ key: prefix, count_only: true }, (_e, now) => done(newTooLargeResourceVersion(asked, now?.header.revision ?? 0)));
          return;
        }
        return done(this.kvError(err));
      }
      const r = res!;
      if (firstCount < 0) {
        firstCount = r.count;
        // Every later page of this list reads the same revision.
        if (rev === 0) rev = r.header.revision;
        if (minRV > rev) return done(newTooLargeResourceVersion(minRV, rev));
      }
      let lastKey = '';
      const kvs = r.kvs;
      for (let i = 0; i < kvs.length; i++) {
        const kv = kvs[i];
        lastKey = kv.key;
        const obj = this.decoded?.(kv.key, kv.mod_revision) ?? decodeKv(kv);
        if (!filtered || predicateMatches(pred, this.attrs(obj))) items.push(obj);
        if (limit > 0 && items.length >= limit) return finish(i < kvs.length - 1 || r.more, lastKey);
      }
      if (!r.more || limit === 0) return finish(false, lastKey);
      fromKey = `${lastKey}\0`;
      batch = Math.min(batch * 2, MAX_LIST_BATCH);
      this.kv.range({ key: fromKey, range_end: rangeEnd, revision: rev, limit: batch }, onRange);
    };
    this.kv.range({ key: fromKey, range_end: rangeEnd, revision: withRev, limit: batch }, onRange);
  }

  /**
   * checkPreconditions is storage.Preconditions.Check as storage reports it:
   * a uid or resourceVersion that does not hold is a 409 Conflict.
   * `staleRvText` picks the text for a stale resourceVersion: the update path
   * answers with the optimistic-lock text (as the registry's Update does),
   * delete with "Precondition failed: ResourceVersion in precondition: …".
   */
  private checkPreconditions(key: string, p: Preconditions | undefined, obj: KubeObject, optimisticText: boolean): StatusError | null {
    if (!p) return null;
    const name = nameOfKey(key);
    const uid = obj.metadata?.uid ?? '';
    if (p.uid !== undefined && p.uid !== uid) {
      return newConflict(this.resource, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${uid}`);
    }
    const rv = obj.metadata?.resourceVersion ?? '';
    if (p.resourceVersion !== undefined && p.resourceVersion !== rv) {
      return optimisticText
        ? newConflict(this.resource, name)
        : newConflict(this.resource, name, `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${rv}`);
    }
    return null;
  }

  guaranteedUpdate(key: string, opts: UpdateOptions, tryUpdate: TryUpdate, done: Done<KubeObject>): void {
    const attempt = (state: StoredState) => {
      if (!state.obj) {
        if (!opts.ignoreNotFound) return done(newNotFound(this.resource, nameOfKey(key)));
      } else {
        const bad = this.checkPreconditions(key, opts.preconditions, state.obj, true);
        if (bad) return done(bad);
      }
      let out: KubeObject | StatusError;
      try {
        // The state's object is tryUpdate's to mutate: nothing else holds it.
        out = tryUpdate(state.obj);
      } catch (e) {
        if (isStatusError(e)) return done(e);
        throw e;
      }
      if (isStatusError(out)) return done(out);
      const value = encodeObject(out);
      // Nothing changed: no write, the stored object is the answer.
      if (state.data !== null && value === state.data) return done(null, parseStored(state.data, state.rv));
      const updated = out;
      this.kv.txn(
        {
          compare: [{ key, target: 'MOD', result: 'EQUAL', mod_revision: state.rv }],
          success: [{ request_put: { key, value } }],
          failure: [{ request_range: { key } }],
        },
        (err, res) => {
          if (err) return done(this.kvError(err));
          if (!res!.succeeded) {
            const range = res!.responses[0];
            const kv = range && 'response_range' in range ? range.response_range.kvs[0] : undefined;
            return attempt(stateOf(kv));
          }
          done(null, withResourceVersion(updated, res!.header.revision));
        },
      );
    };
    this.kv.range({ key }, (err, res) => {
      if (err) return done(this.kvError(err));
      attempt(stateOf(res!.kvs[0]));
    });
  }

  delete(key: string, preconditions: Preconditions | undefined, done: Done<KubeObject>, validateDeletion?: (current: KubeObject) => StatusError | null): void {
    const attempt = (state: StoredState) => {
      if (!state.obj) return done(newNotFound(this.resource, nameOfKey(key)));
      const bad = this.checkPreconditions(key, preconditions, state.obj, false) ?? validateDeletion?.(state.obj) ?? null;
      if (bad) return done(bad);
      const deleted = state.obj;
      this.kv.txn(
        {
          compare: [{ key, target: 'MOD', result: 'EQUAL', mod_revision: state.rv }],
          success: [{ request_delete_range: { key } }],
          failure: [{ request_range: { key } }],
        },
        (err, res) => {
          if (err) return done(this.kvError(err));
          if (!res!.succeeded) {
            const range = res!.responses[0];
            const kv = range && 'response_range' in range ? range.response_range.kvs[0] : undefined;
            return attempt(stateOf(kv));
          }
          // The deleted object carries the delete's revision, as upstream's Delete returns it.
          setResourceVersion(deleted, res!.header.revision);
          done(null, deleted);
        },
      );
    };
    this.kv.range({ key }, (err, res) => {
      if (err) return done(this.kvError(err));
      attempt(stateOf(res!.kvs[0]));
    });
  }

  count(prefix: string, done: Done<number>): void {
    const rangeEnd = prefix.endsWith('/') ? prefixRangeEnd(prefix) : undefined;
    this.kv.range({ key: prefix, range_end: rangeEnd, count_only: true }, (err, res) => {
      if (err) return done(this.kvError(err));
      done(null, res!.count);
    });
  }

  /** currentRevision reads etcd's current revision (a linearizable count-only range of key). */
  currentRevision(key: string, done: Done<number>): void {
    this.kv.range({ key, count_only: true }, (err, res) => {
      if (err) return done(this.kvError(err));
      done(null, res!.header.revision);
    });
  }
}
