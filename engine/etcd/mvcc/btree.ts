/**
 * BTree is an ordered map from string keys to values: the role google/btree
 * (degree 32) plays under etcd's treeIndex. get, set and delete take
 * O(log n); ascend walks the entries in key order from any key.
 *
 * Keys compare as JavaScript strings do, code unit by code unit; for the
 * binary strings of the MVCC index (one char per byte) that is byte order,
 * the order of Go's bytes.Compare.
 *
 * It is a B+ tree: every entry sits in a leaf, the leaves are chained left
 * to right, and branches hold only separators to steer the descent. Walking
 * a range is then a run along leaf arrays, with no stack and no per-entry
 * allocation, which is what a range that must count its whole key span needs.
 */

/** MAX_NODE is the most entries a leaf, and children a branch, may hold (google/btree's 2 × degree). */
const MAX_NODE = 64;
/** MIN_NODE is the fewest a node other than the root may hold; below it, a node borrows or merges. */
const MIN_NODE = MAX_NODE >> 1;

class Leaf<V> {
  /** keys are strictly increasing; vals[i] is the value of keys[i]. */
  keys: string[];
  vals: V[];
  /** next is the leaf to the right (its keys are all greater), null for the last leaf. */
  next: Leaf<V> | null = null;

  constructor(keys: string[], vals: V[]) {
    this.keys = keys;
    this.vals = vals;
  }
}

class Branch<V> {
  /**
   * keys has one separator fewer than there are children: every key under
   * children[i] is < keys[i], and every key under children[i + 1] is >= keys[i].
   * A separator may be a key since deleted; it still separates.
   */
  keys: string[];
  children: Array<Node<V>>;

  constructor(keys: string[], children: Array<Node<V>>) {
    this.keys = keys;
    this.children = children;
  }
}

type Node<V> = Leaf<V> | Branch<V>;

/** Split is the right half a node split off, and the separator that goes up to the parent with it. */
interface Split<V> {
  sep: string;
  right: Node<V>;
}

/** lowerBound is the index of the first of keys that is >= key (keys.length when none is). */
function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** upperBound is the index of the first of keys that is > key (keys.length when none is). */
function upperBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function width<V>(node: Node<V>): number {
  return node instanceof Leaf ? node.keys.length : node.children.length;
}

export class BTree<V> {
  private root: Node<V> = new Leaf<V>([], []);
  private count = 0;
  /** version changes whenever an entry is added or removed, so that a walk notices it must find its place again. */
  private version = 0;

  /** size is the number of entries. */
  get size(): number {
    return this.count;
  }

  /** get is the value stored under key, if any. */
  get(key: string): V | undefined {
    const leaf = this.leafFor(key);
    const i = lowerBound(leaf.keys, key);
    return i < leaf.keys.length && leaf.keys[i] === key ? leaf.vals[i] : undefined;
  }

  /** has tells whether an entry is stored under key. */
  has(key: string): boolean {
    const leaf = this.leafFor(key);
    const i = lowerBound(leaf.keys, key);
    return i < leaf.keys.length && leaf.keys[i] === key;
  }

  /** set stores value under key, replacing the value already there; true when the key is new. */
  set(key: string, value: V): boolean {
    const before = this.count;
    const split = this.insert(this.root, key, value);
    if (split !== undefined) this.root = new Branch([split.sep], [this.root, split.right]);
    return this.count !== before;
  }

  /** delete removes key's entry; false when there was none. */
  delete(key: string): boolean {
    if (!this.remove(this.root, key)) return false;
    const root = this.root;
    if (root instanceof Branch && root.children.length === 1) this.root = root.children[0]!;
    return true;
  }

  /**
   * ascend calls fn with each entry whose key is >= from, in key order, until
   * fn returns false. fn may set and delete entries: the walk then goes on
   * from the first key after the one it just visited, in the tree as it is now.
   */
  ascend(from: string, fn: (key: string, value: V) => boolean): void {
    let leaf = this.leafFor(from);
    let i = lowerBound(leaf.keys, from);
    let version = this.version;
    for (;;) {
      if (i >= leaf.keys.length) {
        if (leaf.next === null) return;
        leaf = leaf.next;
        i = 0;
        continue;
      }
      const key = leaf.keys[i]!;
      if (!fn(key, leaf.vals[i]!)) return;
      if (this.version === version) {
        i++;
      } else {
        version = this.version;
        leaf = this.leafFor(key);
        i = upperBound(leaf.keys, key);
      }
    }
  }

  /**
   * ascendRange is ascend over [from, to): it stops before the first key
   * >= to. The end is found once, up front, so the walk compares no keys.
   */
  ascendRange(from: string, to: string, fn: (key: string, value: V) => boolean): void {
    if (!(from < to)) return;
    let leaf = this.leafFor(from);
    let i = lowerBound(leaf.keys, from);
    let endLeaf = this.leafFor(to);
    let endI = lowerBound(endLeaf.keys, to);
    let version = this.version;
    for (;;) {
      const stop = leaf === endLeaf ? endI : leaf.keys.length;
      while (i < stop) {
        const key = leaf.keys[i]!;
        if (!fn(key, leaf.vals[i]!)) return;
        if (this.version === version) {
          i++;
          continue;
        }
        // fn changed the tree: find our place, and the end, again.
        version = this.version;
        leaf = this.leafFor(key);
        i = upperBound(leaf.keys, key);
        endLeaf = this.leafFor(to);
        endI = lowerBound(endLeaf.keys, to);
        break;
      }
      if (i < (leaf === endLeaf ? endI : leaf.keys.length)) continue;
      if (leaf === endLeaf || leaf.next === null) return;
      leaf = leaf.next;
      i = 0;
    }
  }

  /** values lists every value in key order (a copy: later changes do not show in it). */
  values(): V[] {
    const out: V[] = [];
    for (let leaf: Leaf<V> | null = this.firstLeaf(); leaf !== null; leaf = leaf.next) {
      for (const v of leaf.vals) out.push(v);
    }
    return out;
  }

  /**
   * check throws when the tree breaks one of its invariants: keys in order,
   * separators that separate, every leaf at one depth, nodes between
   * MIN_NODE and MAX_NODE wide (the root excepted), the leaf chain in key
   * order, and size equal to the number of entries. It returns the height
   * (1 for a tree that is a single leaf).
   */
  check(): number {
    const leaves: Array<Leaf<V>> = [];
    let leafDepth = -1;
    const walk = (node: Node<V>, depth: number, lo: string | undefined, hi: string | undefined): void => {
      const isRoot = node === this.root;
      const w = width(node);
      if (w > MAX_NODE) throw new Error(`btree: node of ${w} at depth ${depth} is over ${MAX_NODE}`);
      if (!isRoot && w < MIN_NODE) throw new Error(`btree: node of ${w} at depth ${depth} is under ${MIN_NODE}`);
      for (let i = 1; i < node.keys.length; i++) {
        if (!(node.keys[i - 1]! < node.keys[i]!)) throw new Error(`btree: keys out of order at depth ${depth}`);
      }
      for (const k of node.keys) {
        if ((lo !== undefined && k < lo) || (hi !== undefined && k >= hi)) {
          throw new Error(`btree: key ${JSON.stringify(k)} outside its separators at depth ${depth}`);
        }
      }
      if (node instanceof Leaf) {
        if (node.vals.length !== node.keys.length) throw new Error('btree: a leaf has as many values as keys');
        if (leafDepth === -1) leafDepth = depth;
        if (depth !== leafDepth) throw new Error(`btree: leaves at depths ${leafDepth} and ${depth}`);
        leaves.push(node);
        return;
      }
      if (node.keys.length !== node.children.length - 1) throw new Error('btree: a branch has one separator fewer than children');
      if (isRoot && node.children.length < 2) throw new Error('btree: a branch root has fewer than 2 children');
      node.children.forEach((c, i) => walk(c, depth + 1, i === 0 ? lo : node.keys[i - 1], i === node.keys.length ? hi : node.keys[i]));
    };
    walk(this.root, 0, undefined, undefined);
    let n = 0;
    for (let i = 0; i < leaves.length; i++) {
      const want = i + 1 < leaves.length ? leaves[i + 1]! : null;
      if (leaves[i]!.next !== want) throw new Error(`btree: leaf ${i}'s next is not the leaf to its right`);
      n += leaves[i]!.keys.length;
    }
    if (n !== this.count) throw new Error(`btree: size ${this.count}, but ${n} entries`);
    return leafDepth + 1;
  }

  private leafFor(key: string): Leaf<V> {
    let node = this.root;
    while (node instanceof Branch) node = node.children[upperBound(node.keys, key)]!;
    return node;
  }

  private firstLeaf(): Leaf<V> {
    let node = this.root;
    while (node instanceof Branch) node = node.children[0]!;
    return node;
  }

  /** insert puts the entry under node; it returns what node split off when it grew past MAX_NODE. */
  private insert(node: Node<V>, key: string, value: V): Split<V> | undefined {
    if (node instanceof Leaf) {
      const i = lowerBound(node.keys, key);
      if (i < node.keys.length && node.keys[i] === key) {
        node.vals[i] = value;
        return undefined;
      }
      node.keys.splice(i, 0, key);
      node.vals.splice(i, 0, value);
      this.count++;
      this.version++;
      if (node.keys.length <= MAX_NODE) return undefined;
      const half = node.keys.length >> 1;
      const right = new Leaf(node.keys.splice(half), node.vals.splice(half));
      right.next = node.next;
      node.next = right;
      return { sep: right.keys[0]!, right };
    }
    const ci = upperBound(node.keys, key);
    const split = this.insert(node.children[ci]!, key, value);
    if (split === undefined) return undefined;
    node.keys.splice(ci, 0, split.sep);
    node.children.splice(ci + 1, 0, split.right);
    if (node.children.length <= MAX_NODE) return undefined;
    // The middle separator moves up; the halves keep the ones on their side.
    const half = node.children.length >> 1;
    const right = new Branch(node.keys.splice(half), node.children.splice(half));
    return { sep: node.keys.pop()!, right };
  }

  /** remove deletes key's entry under node, leaving node itself possibly under MIN_NODE for its parent to fix. */
  private remove(node: Node<V>, key: string): boolean {
    if (node instanceof Leaf) {
      const i = lowerBound(node.keys, key);
      if (i >= node.keys.length || node.keys[i] !== key) return false;
      node.keys.splice(i, 1);
      node.vals.splice(i, 1);
      this.count--;
      this.version++;
      return true;
    }
    const ci = upperBound(node.keys, key);
    if (!this.remove(node.children[ci]!, key)) return false;
    if (width(node.children[ci]!) < MIN_NODE) this.refill(node, ci);
    return true;
  }

  /**
   * refill brings parent.children[ci], one under MIN_NODE, back to it: by
   * taking one from a sibling that can spare it, or else by merging with a
   * sibling (the two then fit in one node: MIN_NODE - 1 + MIN_NODE <= MAX_NODE).
   */
  private refill(parent: Branch<V>, ci: number): void {
    const left = ci > 0 ? parent.children[ci - 1]! : undefined;
    const right = ci + 1 < parent.children.length ? parent.children[ci + 1]! : undefined;
    if (left !== undefined && width(left) > MIN_NODE) this.takeFromLeft(parent, ci);
    else if (right !== undefined && width(right) > MIN_NODE) this.takeFromRight(parent, ci);
    else if (left !== undefined) this.mergeWithNext(parent, ci - 1);
    else this.mergeWithNext(parent, ci);
  }

  private takeFromLeft(parent: Branch<V>, ci: number): void {
    const node = parent.children[ci]!;
    const left = parent.children[ci - 1]!;
    if (node instanceof Leaf && left instanceof Leaf) {
      node.keys.unshift(left.keys.pop()!);
      node.vals.unshift(left.vals.pop()!);
      parent.keys[ci - 1] = node.keys[0]!;
    } else if (node instanceof Branch && left instanceof Branch) {
      node.keys.unshift(parent.keys[ci - 1]!);
      node.children.unshift(left.children.pop()!);
      parent.keys[ci - 1] = left.keys.pop()!;
    }
  }

  private takeFromRight(parent: Branch<V>, ci: number): void {
    const node = parent.children[ci]!;
    const right = parent.children[ci + 1]!;
    if (node instanceof Leaf && right instanceof Leaf) {
      node.keys.push(right.keys.shift()!);
      node.vals.push(right.vals.shift()!);
      parent.keys[ci] = right.keys[0]!;
    } else if (node instanceof Branch && right instanceof Branch) {
      node.keys.push(parent.keys[ci]!);
      node.children.push(right.children.shift()!);
      parent.keys[ci] = right.keys.shift()!;
    }
  }

  /** mergeWithNext moves parent.children[i + 1]'s content into parent.children[i] and drops it. */
  private mergeWithNext(parent: Branch<V>, i: number): void {
    const node = parent.children[i]!;
    const next = parent.children[i + 1]!;
    if (node instanceof Leaf && next instanceof Leaf) {
      for (let j = 0; j < next.keys.length; j++) {
        node.keys.push(next.keys[j]!);
        node.vals.push(next.vals[j]!);
      }
      node.next = next.next;
    } else if (node instanceof Branch && next instanceof Branch) {
      node.keys.push(parent.keys[i]!);
      for (const k of next.keys) node.keys.push(k);
      for (const c of next.children) node.children.push(c);
    }
    parent.keys.splice(i, 1);
    parent.children.splice(i + 1, 1);
  }
}
