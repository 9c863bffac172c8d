// Boolean tests -> a DAG of blocks (each: statements, one conditional jump,
// a true and a false successor) -> a straight program with forward jumps.
// On the way, a small optimizer in the spirit of libpcap's:
//  - identical blocks are shared (hash-consing), blocks whose two edges meet
//    are dropped;
//  - jump threading: an edge from a block to one that loads the same value
//    and tests what the edge already decided goes straight to the answer;
//  - a block whose every predecessor loaded the same value skips its load;
//  - unreachable blocks are never laid out.
// Jumps longer than 255 get a `ja` trampoline.
import { FrameError } from "../errors.ts";
import { BPF_MAXINSNS, JA, JEQ, JMP, K, LDX, MISC, RET, TAX, type BpfInsn } from "./insn.ts";
import type { Stmt, Test } from "./_ir.ts";

interface Leaf { ret: number; id: number }
interface Node { stmts: Stmt[]; key: string; code: number; kv: number; t: Block; f: Block; id: number; skip?: number }
type Block = Node | Leaf;
const isLeaf = (b: Block): b is Leaf => "ret" in b;

class Dag {
  ids = 0;
  memo = new Map<string, Node>();
  readonly accept: Leaf;
  readonly reject: Leaf;
  constructor(snaplen: number) {
    this.accept = { ret: snaplen, id: this.ids++ };
    this.reject = { ret: 0, id: this.ids++ };
  }

  node(stmts: Stmt[], code: number, kv: number, t: Block, f: Block): Block {
    if (t === f) return t;
    const key = stmts.map((s) => `${s.code}:${s.k}`).join(",");
    const h = `${key}|${code}|${kv}|${t.id}|${f.id}`;
    let n = this.memo.get(h);
    if (!n) {
      n = { stmts, key, code, kv, t, f, id: this.ids++ };
      this.memo.set(h, n);
    }
    return n;
  }

  gen(x: Test, t: Block, f: Block): Block {
    switch (x.k) {
      case "const": return x.v ? t : f;
      case "not": return this.gen(x.a, f, t);
      case "and": return this.gen(x.a, this.gen(x.b, t, f), f);
      case "or": return this.gen(x.a, t, this.gen(x.b, t, f));
      case "jmp": return this.node(x.stmts, x.code, x.kv, t, f);
    }
  }
}

/**
 * What the path so far knows about loaded values: per load key, the value
 * when a `jeq` held, and the outcomes of the tests already made. Packet bytes
 * do not change, so facts hold until the end of the path.
 */
interface Fact { eq?: number; seen: Map<string, boolean> }
type Facts = Map<string, Fact>;

function learn(facts: Facts, n: Node, sense: boolean): Facts {
  if (n.code & 0x08) return facts; // tests against X carry no constant
  const out: Facts = new Map(facts);
  const f = out.get(n.key);
  const g: Fact = { eq: f?.eq, seen: new Map(f?.seen) };
  g.seen.set(`${n.code}:${n.kv}`, sense);
  if (sense && (n.code & 0xf0) === JEQ) g.eq = n.kv;
  out.set(n.key, g);
  return out;
}

function decide(facts: Facts, to: Node): boolean | null {
  if (to.code & 0x08) return null;
  const f = facts.get(to.key);
  if (!f) return null;
  const s = f.seen.get(`${to.code}:${to.kv}`);
  if (s !== undefined) return s;
  if (f.eq === undefined) return null;
  const a = f.eq;
  switch (to.code & 0xf0) {
    case 0x10: return a === to.kv;
    case 0x20: return a > to.kv;
    case 0x30: return a >= to.kv;
    case 0x40: return (a & to.kv) !== 0;
  }
  return null;
}

function intersect(a: Facts, b: Facts): Facts {
  const out: Facts = new Map();
  for (const [k, fa] of a) {
    const fb = b.get(k);
    if (!fb) continue;
    const seen = new Map<string, boolean>();
    for (const [t, v] of fa.seen) if (fb.seen.get(t) === v) seen.set(t, v);
    const eq = fa.eq !== undefined && fa.eq === fb.eq ? fa.eq : undefined;
    if (seen.size || eq !== undefined) out.set(k, { eq, seen });
  }
  return out;
}

/** What X holds after block `n` ("code:k" of the ldx that set it), or null if unknown. */
function xAfter(n: Node): string | null {
  for (let i = n.stmts.length - 1; i >= 0; i--) {
    const st = n.stmts[i]!;
    if ((st.code & 0x07) === LDX) return (st.code & 0xe0) === 0xa0 || (st.code & 0xe0) === 0 ? `${st.code}:${st.k}` : null;
    if (st.code === (MISC | TAX)) return null;
  }
  return null;
}

function topo(root: Block): Block[] {
  // iterative depth-first post-order (programs can be thousands of blocks deep)
  const order: Block[] = [];
  const seen = new Set<number>([root.id]);
  const stack: [Block, number][] = [[root, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const [b, state] = top;
    if (!isLeaf(b) && state < 2) {
      top[1]++;
      const next = state === 0 ? b.t : b.f;
      if (!seen.has(next.id)) { seen.add(next.id); stack.push([next, 0]); }
      continue;
    }
    stack.pop();
    order.push(b);
  }
  return order.reverse();
}

function predsOf(order: Block[]): Map<number, Node[]> {
  const preds = new Map<number, Node[]>();
  for (const b of order) if (!isLeaf(b)) for (const s of [b.t, b.f]) { const l = preds.get(s.id) ?? []; l.push(b); preds.set(s.id, l); }
  return preds;
}

/**
 * libpcap's or_pullup/and_pullup: in a chain of tests with one common
 * outcome (`a or b or c` all jumping to the same place when true), a test of
 * the value the chain's predecessors already loaded moves up to the front, so
 * the load is shared. It changes which loads a path makes, and so which
 * truncated packets a program rejects; doing it as libpcap does keeps the
 * verdicts equal.
 */
function pullUp(root: Block): Block {
  for (let iter = 0; iter < 200; iter++) {
    const order = topo(root);
    const preds = predsOf(order);
    // several pulls per pass, none touching a block an earlier pull changed
    const touched = new Set<number>();
    const single = (n: Node) => (preds.get(n.id)?.length ?? 0) === 1;
    const tryPull = (b: Node, v: string, link: "t" | "f", same: "t" | "f"): boolean => {
      const target = b[same];
      let owner: Node | null = null;
      let diff: Block = b;
      for (;;) {
        if (isLeaf(diff) || diff[same] !== target || touched.has(diff.id) || (diff !== b && !single(diff))) return false;
        if (diff.key !== v) break;
        owner = diff;
        diff = diff[link];
      }
      let prev: Node = diff;
      let sb: Block = diff[link];
      for (;;) {
        if (isLeaf(sb) || sb[same] !== target || touched.has(sb.id) || !single(sb)) return false;
        if (sb.key === v) break;
        prev = sb;
        sb = sb[link];
      }
      const pull = sb;
      const ps = preds.get(b.id)!;
      if (ps.some((p) => touched.has(p.id)) || touched.has(pull[link].id)) return false;
      for (const n of [b, diff, prev, pull, pull[link], ...(owner ? [owner] : ps)]) touched.add(n.id);
      prev[link] = pull[link];
      pull[link] = diff;
      if (owner) owner[link] = pull;
      else for (const p of ps) { if (p.t === b) p.t = pull; if (p.f === b) p.f = pull; }
      return true;
    };
    let changed = false;
    for (const p of order) {
      if (isLeaf(p) || touched.has(p.id)) continue;
      for (const b of [p.t, p.f]) {
        if (isLeaf(b) || touched.has(b.id)) continue;
        if (!preds.get(b.id)!.every((q) => q.key === p.key)) continue;
        if (tryPull(b, p.key, "f", "t") || tryPull(b, p.key, "t", "f")) changed = true;
      }
    }
    if (!changed) return root;
  }
  return root;
}

/** Compiles the test tree to instructions ending in `ret #snaplen` / `ret #0`. */
export function emit(test: Test, snaplen: number): BpfInsn[] {
  const dag = new Dag(snaplen);
  const root = dag.gen(test, dag.accept, dag.reject);
  if (dag.memo.size > 4 * BPF_MAXINSNS) {
    throw new FrameError("FILTER_TOO_LONG", `filter: the program needs more than ${4 * BPF_MAXINSNS} blocks, far more than the kernel's ${BPF_MAXINSNS} instructions; simplify the expression`, 0);
  }
  // jump threading along every edge, in topological order, with what the path knows
  const exits = new Map<number, Facts[]>();
  for (const b of topo(root)) {
    if (isLeaf(b)) continue;
    const ins = exits.get(b.id);
    if (b !== root && !ins) continue; // no longer reachable
    const facts = b === root ? new Map() : ins!.reduce(intersect);
    for (const sense of [true, false]) {
      let f = learn(facts, b, sense);
      let to = sense ? b.t : b.f;
      for (let d = isLeaf(to) ? null : decide(f, to); d !== null && !isLeaf(to); d = isLeaf(to) ? null : decide(f, to)) {
        f = learn(f, to, d);
        to = d ? to.t : to.f;
      }
      if (sense) b.t = to; else b.f = to;
      const l = exits.get(to.id) ?? [];
      l.push(f);
      exits.set(to.id, l);
    }
  }
  // share identical blocks again (threading made many alike) and drop blocks whose edges meet
  const canon = new Map<number, Block>();
  const sigs = new Map<string, Block>();
  for (const b of topo(root).reverse()) {
    if (isLeaf(b)) { canon.set(b.id, b); continue; }
    b.t = canon.get(b.t.id)!;
    b.f = canon.get(b.f.id)!;
    if (b.t === b.f) { canon.set(b.id, b.t); continue; }
    const sig = `${b.key}|${b.code}|${b.kv}|${b.t.id}|${b.f.id}`;
    const same = sigs.get(sig);
    if (same) canon.set(b.id, same);
    else { sigs.set(sig, b); canon.set(b.id, b); }
  }
  const order = topo(pullUp(canon.get(root.id)!));
  // drop loads every predecessor has already done: the whole block when they
  // computed the same value, or a leading `ldx` when X already holds it
  const preds = new Map<number, Node[]>();
  for (const b of order) if (!isLeaf(b)) for (const s of [b.t, b.f]) { const l = preds.get(s.id) ?? []; l.push(b); preds.set(s.id, l); }
  for (const b of order) {
    if (isLeaf(b)) continue;
    const ps = preds.get(b.id);
    if (!ps || !ps.length) continue;
    if (ps.every((p) => p.key === b.key)) b.skip = b.stmts.length;
    else if (b.stmts.length > 1 && (b.stmts[0]!.code & 0x07) === LDX && ps.every((p) => xAfter(p) === `${b.stmts[0]!.code}:${b.stmts[0]!.k}`)) b.skip = 1;
  }
  // leaves last, accept before reject (as tcpdump lays them out)
  type Slot = { n: Node } | { leaf: Leaf } | { ja: Block; id: number };
  const slots: Slot[] = [
    ...order.filter((b): b is Node => !isLeaf(b)).map((n) => ({ n })),
    ...order.filter(isLeaf).sort((a, b) => a.id - b.id).map((leaf) => ({ leaf })),
  ];
  for (;;) {
    const at = new Map<number, number>();
    const jumpPc: number[] = [];
    let pc = 0;
    for (const s of slots) {
      if ("n" in s) { at.set(s.n.id, pc); pc += s.n.stmts.length - (s.n.skip ?? 0); }
      else at.set("leaf" in s ? s.leaf.id : s.id, pc);
      jumpPc.push(pc++);
    }
    if (pc > BPF_MAXINSNS) {
      throw new FrameError("FILTER_TOO_LONG", `filter: the program needs ${pc} instructions, more than the kernel's ${BPF_MAXINSNS}; simplify the expression`, 0);
    }
    let far = false;
    for (let i = 0; i < slots.length && !far; i++) {
      const s = slots[i]!;
      if (!("n" in s)) continue;
      for (const edge of ["t", "f"] as const) {
        if (at.get(s.n[edge].id)! - jumpPc[i]! - 1 <= 255) continue;
        // a trampoline right after this block: the edge jumps to it, it jumps on
        const id = dag.ids++;
        slots.splice(i + 1, 0, { ja: s.n[edge], id });
        s.n[edge] = { ret: -1, id };
        far = true;
        break;
      }
    }
    if (far) continue;
    const out: BpfInsn[] = [];
    slots.forEach((s, i) => {
      const here = jumpPc[i]!;
      if ("n" in s) {
        for (const st of s.n.stmts.slice(s.n.skip ?? 0)) out.push({ code: st.code, jt: 0, jf: 0, k: st.k >>> 0 });
        out.push({ code: s.n.code, jt: at.get(s.n.t.id)! - here - 1, jf: at.get(s.n.f.id)! - here - 1, k: s.n.kv >>> 0 });
      } else if ("leaf" in s) out.push({ code: RET | K, jt: 0, jf: 0, k: s.leaf.ret >>> 0 });
      else out.push({ code: JMP | JA, jt: 0, jf: 0, k: at.get(s.ja.id)! - here - 1 });
    });
    return out;
  }
}
