import { solveUncapped, VALUE_TOLERANCE, WEIGHT_TOLERANCE, type KnapsackInstance, type KnapsackSolution } from './branchAndBound';
import { greedyExpertSet } from './expertSetHeuristic';
import { rootRelaxation, upperHull, type Item } from './lpBound';

export type { KnapsackSolution } from './branchAndBound';

export interface DistinctCap {
  /** Parameters each expert adds the first time a mapping uses it. */
  expertTotals: readonly number[];
  limit: number;
}

export interface CappedInstance extends KnapsackInstance {
  cap?: DistinctCap;
  /** A mapping known to be feasible (expert per group), e.g. from a related solve: the first incumbent. */
  start?: readonly number[];
}

/**
 * A leaf of the capped search where the exact uncapped optimum over the allowed experts fits the cap:
 * every mapping over `allowed` whose experts beyond `included` fit `room` is feasible there.
 */
export interface TieLeaf {
  /** Experts the leaf's mappings may use. */
  allowed: Uint8Array;
  /** Experts already paid for: using them costs nothing more against the cap. */
  included: Uint8Array;
  /** Cap left for the other experts (slack included). */
  room: number;
  /** The best value a mapping of the leaf reaches. */
  value: number;
}

export interface TiedSolution {
  best: KnapsackSolution;
  /**
   * Every leaf that may hold a mapping worth at least best.value − tieSlack; together they hold all of
   * them (a pruned subtree's bound was below that), so the lightest such mapping is in one of them.
   */
  leaves: TieLeaf[];
}

/** Counters of the capped search, for benchmarks and diagnosis. */
export interface SearchStats {
  nodes: number;
  /** Exact uncapped solves: node bounds (memoised by allowed set) and incumbents from expert sets. */
  exactSolves: number;
  lagrangianSteps: number;
  /** Leaves kept as possible near-ties of the optimum, and capped searches run for the lightest of them. */
  tieLeaves: number;
  lightestSearches: number;
}

export const newSearchStats = (): SearchStats => ({ nodes: 0, exactSolves: 0, lagrangianSteps: 0, tieLeaves: 0, lightestSearches: 0 });

const UNDECIDED = 0;
const INCLUDED = 1;
const EXCLUDED = -1;
/** Subgradient steps per node; the multipliers are inherited from the parent, so few are needed. */
const ROOT_STEPS = 60;
const NODE_STEPS = 25;
/** Step scale below which the subgradient has stalled. */
const MIN_STEP_SCALE = 1 / 64;

/**
 * Exact multiple-choice knapsack, optionally with a cap on the summed totals of the distinct experts
 * used. Without the cap it is `solveUncapped`. With it, see `CappedSearch`.
 */
export function solveKnapsack(instance: CappedInstance, stats?: SearchStats): KnapsackSolution | null {
  const { groups, capacity, cap, start } = instance;
  if (!cap) return solveUncapped({ groups, capacity });
  return new CappedSearch(groups, capacity, cap, undefined, stats).run(start);
}

/**
 * The capped optimum, searched so that near-ties survive: a subtree is pruned only when its bound is
 * below the incumbent by more than `tieSlack`, and the leaves that may hold a mapping within
 * `tieSlack` of the optimum are returned. The lightest such mapping (the canonical answer) is then in
 * those leaves, which saves a second capped search for it. Null when no mapping fits.
 */
export function solveCappedKeepingTies(instance: KnapsackInstance & { cap: DistinctCap }, tieSlack: number, stats?: SearchStats): TiedSolution | null {
  const search = new CappedSearch(instance.groups, instance.capacity, instance.cap, tieSlack, stats);
  const best = search.run();
  if (best === null) return null;
  const floor = best.value - tieSlack;
  const leaves = search.leaves.filter((leaf) => leaf.value >= floor);
  if (stats) stats.tieLeaves += leaves.length;
  return { best, leaves };
}

/**
 * The cap couples groups, so it is handled by branching on experts rather than items (include: its
 * total is paid; exclude: it is never used); both branches together cover every mapping. Each node:
 *  1. the LP relaxation over the experts still allowed (cap ignored) must beat the incumbent;
 *  2. while the cap can still bind, a Lagrangian bound that prices it (see `lagrangian`) must beat the
 *     incumbent too, and probing it fixes experts: one whose inclusion (or exclusion) alone drops the
 *     bound to the incumbent is excluded (or included) for the whole subtree without branching;
 *  3. the exact uncapped optimum over the allowed experts (memoised by allowed set) bounds the subtree
 *     and ends it when it fits the cap; otherwise the largest expert it uses beyond the cap is branched.
 * Pruning is only ever by a valid upper bound against the incumbent (within the value tolerance), so
 * the result is exact. A greedy + swap local search over expert sets supplies the first incumbent.
 * With `tieSlack` (see solveCappedKeepingTies) a bound must fall below the incumbent by more than that
 * to prune, and every leaf of step 3 whose optimum comes within it is recorded.
 */
class CappedSearch {
  private readonly m: number;
  private readonly n: number;
  private readonly totals: readonly number[];
  private readonly valueSlack: number;
  private readonly weightSlack: number;
  private readonly capSlack: number;
  /** Weights divided by this in the Lagrangian so that the budget's price is on the values' scale. */
  private readonly weightScale: number;
  /** Dense item table, group-major: value, scaled weight, and whether the pair exists. */
  private readonly value: Float64Array;
  private readonly weight: Float64Array;
  private readonly present: Uint8Array;
  private readonly items: (Item | undefined)[];
  private readonly state: Int8Array;
  private readonly allowed: Uint8Array;
  private readonly exact = new Map<string, KnapsackSolution | null>();
  private best: KnapsackSolution | null = null;
  private bestValue = Number.NEGATIVE_INFINITY;
  /** Leaves that may hold a near-tie of the optimum (only when keeping ties). */
  readonly leaves: TieLeaf[] = [];
  private readonly stats: SearchStats;
  // Lagrangian multipliers (inherited down the tree) and scratch.
  private u: Float64Array;
  private lambda = 0;
  private readonly gain: Float64Array;
  private readonly grad: Float64Array;
  private readonly y: Float64Array;
  /** Whether item (g, e) has a positive reduced value at the current multipliers. */
  private readonly positive: Uint8Array;

  constructor(
    private readonly groups: readonly (readonly Item[])[],
    private readonly capacity: number,
    private readonly cap: DistinctCap,
    /** When set, subtrees within this much of the incumbent are kept (see solveCappedKeepingTies). */
    private readonly tieSlack?: number,
    stats?: SearchStats,
  ) {
    this.stats = stats ?? newSearchStats();
    this.totals = cap.expertTotals;
    this.m = this.totals.length;
    this.n = groups.length;
    const scale = (pick: (i: Item) => number): number => Math.max(Number.MIN_VALUE, ...groups.flat().map((i) => Math.abs(pick(i))));
    this.valueSlack = VALUE_TOLERANCE * scale((i) => i.value);
    this.weightSlack = WEIGHT_TOLERANCE * scale((i) => i.weight);
    this.capSlack = WEIGHT_TOLERANCE * Math.max(Number.MIN_VALUE, ...this.totals);
    this.weightScale = scale((i) => i.weight);
    const size = this.n * this.m;
    this.value = new Float64Array(size);
    this.weight = new Float64Array(size);
    this.present = new Uint8Array(size);
    this.items = new Array<Item | undefined>(size);
    groups.forEach((group, g) => {
      for (const item of group) {
        const at = g * this.m + item.expert;
        if (this.present[at] === 1) throw new Error(`group ${g} offers expert ${item.expert} twice; the capped solver needs one item per expert and group`);
        this.present[at] = 1;
        this.value[at] = item.value;
        this.weight[at] = item.weight / this.weightScale;
        this.items[at] = item;
      }
    });
    this.state = new Int8Array(this.m);
    this.allowed = new Uint8Array(this.m);
    this.u = new Float64Array(this.n);
    this.gain = new Float64Array(this.m);
    this.grad = new Float64Array(this.n);
    this.y = new Float64Array(this.m);
    this.positive = new Uint8Array(size);
  }

  run(start?: readonly number[]): KnapsackSolution | null {
    if (this.n === 0) return this.cap.limit + this.capSlack >= 0 ? { items: [], value: 0, weight: 0 } : null;
    if (start !== undefined) this.offer(start);
    this.visit(0, true);
    return this.best;
  }

  /** Takes a mapping (expert per group) as the incumbent if it is feasible and better. */
  private offer(choice: readonly number[]): void {
    if (choice.length !== this.n) return;
    const items: Item[] = [];
    const used = new Set<number>();
    for (let g = 0; g < this.n; g++) {
      const item = this.items[g * this.m + choice[g]];
      if (item === undefined) return;
      items.push(item);
      used.add(item.expert);
    }
    const value = items.reduce((s, i) => s + i.value, 0);
    const weight = items.reduce((s, i) => s + i.weight, 0);
    const total = [...used].reduce((s, e) => s + this.totals[e], 0);
    if (weight > this.capacity + this.weightSlack || total > this.cap.limit + this.capSlack || !this.beats(value)) return;
    this.best = { items, value, weight };
    this.bestValue = value;
  }

  private beats(value: number): boolean {
    return value > this.bestValue + this.valueSlack;
  }

  /**
   * Whether an upper bound lets its subtree go: it cannot beat the incumbent or, when keeping ties,
   * cannot even come within tieSlack of it.
   */
  private prunes(bound: number): boolean {
    return this.tieSlack === undefined ? bound <= this.bestValue + this.valueSlack : bound < this.bestValue - this.tieSlack;
  }

  /** The exact sub-solves' cutoff: below it, a mapping could be pruned here as well. */
  private cutoff(): number {
    return this.tieSlack === undefined ? this.bestValue : this.bestValue - this.tieSlack - 2 * this.valueSlack;
  }

  private restrictedGroups(): Item[][] {
    return this.groups.map((g) => g.filter((item) => this.allowed[item.expert] === 1));
  }

  private setAllowed(room: number): void {
    for (let e = 0; e < this.m; e++) {
      const s = this.state[e];
      this.allowed[e] = s === INCLUDED || (s === UNDECIDED && this.totals[e] <= room) ? 1 : 0;
    }
  }

  private visit(paid: number, root = false): void {
    const savedU = this.u.slice();
    const savedLambda = this.lambda;
    const fixed: number[] = [];
    this.search(paid, root, fixed);
    for (const e of fixed) this.state[e] = UNDECIDED;
    this.u = savedU;
    this.lambda = savedLambda;
  }

  /** One node; experts it fixes by probing are listed in `fixed` for the caller to release. */
  private search(paid: number, root: boolean, fixed: number[]): void {
    const { state, totals } = this;
    this.stats.nodes++;
    let room = this.cap.limit - paid + this.capSlack;
    this.setAllowed(room);
    let restricted = this.restrictedGroups();
    if (restricted.some((g) => g.length === 0)) return;
    const lp = rootRelaxation(restricted.map(upperHull), this.capacity, this.weightSlack);
    if (lp === null) return;
    if (root) {
      // Start from the uncapped LP's prices: λ its critical slope, u_g each group's best reduced value
      // (where the Lagrangian equals the LP bound).
      this.lambda = Number.isFinite(this.capacity) ? lp.slope * this.weightScale : 0;
      for (let g = 0; g < this.n; g++) {
        let top = Number.NEGATIVE_INFINITY;
        for (let e = 0; e < this.m; e++) {
          const at = g * this.m + e;
          if (this.allowed[e] === 1 && this.present[at] === 1) top = Math.max(top, this.value[at] - this.lambda * this.weight[at]);
        }
        this.u[g] = top;
      }
      this.heuristic(room);
    }
    if (this.prunes(lp.value)) return;

    // While the cap can bind: bound by the Lagrangian, improve the incumbent from it, fix by probing.
    for (;;) {
      const open = this.openExperts(room);
      if (this.best === null || open.reduce((sum, e) => sum + totals[e], 0) <= room) break;
      const bound = this.lagrangian(open, room, root ? ROOT_STEPS : NODE_STEPS);
      if (this.prunes(bound)) return;
      this.lagrangianHeuristic(open, room);
      if (this.prunes(bound)) return;
      const fix = this.probe(open, room);
      if (fix.exclude.length === 0 && fix.include.length === 0) break;
      for (const e of fix.exclude) state[e] = EXCLUDED;
      for (const e of fix.include) {
        state[e] = INCLUDED;
        paid += totals[e];
      }
      fixed.push(...fix.exclude, ...fix.include);
      room = this.cap.limit - paid + this.capSlack;
      this.setAllowed(room);
      restricted = this.restrictedGroups();
      if (restricted.some((g) => g.length === 0)) return;
    }

    const key = String.fromCharCode(...this.allowed);
    let relaxed = this.exact.get(key);
    if (relaxed === undefined) {
      this.stats.exactSolves++;
      relaxed = solveUncapped({ groups: restricted, capacity: this.capacity }, this.cutoff());
      this.exact.set(key, relaxed);
    }
    if (relaxed === null || this.prunes(relaxed.value)) return;
    const newlyUsed = [...new Set(relaxed.items.map((i) => i.expert))].filter((e) => state[e] !== INCLUDED);
    if (newlyUsed.reduce((sum, e) => sum + totals[e], 0) <= room) {
      if (this.beats(relaxed.value)) {
        this.best = relaxed;
        this.bestValue = relaxed.value;
      }
      if (this.tieSlack !== undefined) {
        const included = new Uint8Array(this.m);
        for (let e = 0; e < this.m; e++) included[e] = state[e] === INCLUDED ? 1 : 0;
        this.leaves.push({ allowed: this.allowed.slice(), included, room, value: relaxed.value });
      }
      return;
    }
    // Branch on the largest expert it uses beyond the cap: deciding it moves the cap the most.
    const pivot = newlyUsed.reduce((a, b) => (totals[b] > totals[a] ? b : a));
    state[pivot] = EXCLUDED;
    this.visit(paid);
    state[pivot] = INCLUDED;
    this.visit(paid + totals[pivot]);
    state[pivot] = UNDECIDED;
  }

  private openExperts(room: number): number[] {
    const open: number[] = [];
    for (let e = 0; e < this.m; e++) if (this.state[e] === UNDECIDED && this.totals[e] <= room) open.push(e);
    return open;
  }

  /** G_e for the current multipliers: Σ_g max(0, value − λ·weight − u_g) over the groups e can serve. */
  private computeGains(): void {
    const { m, n, gain, allowed, present, value, weight, u, lambda, positive } = this;
    gain.fill(0);
    for (let g = 0; g < n; g++) {
      const row = g * m;
      const ug = u[g];
      for (let e = 0; e < m; e++) {
        if (allowed[e] === 0 || present[row + e] === 0) {
          positive[row + e] = 0;
          continue;
        }
        const d = value[row + e] - lambda * weight[row + e] - ug;
        if (d > 0) {
          gain[e] += d;
          positive[row + e] = 1;
        } else positive[row + e] = 0;
      }
    }
  }

  /** The Lagrangian's value for the current gains, with y holding the experts bought (fractional). */
  private evaluate(open: readonly number[], room: number, forceIn = -1, forceOut = -1): number {
    const { totals, gain, y, state } = this;
    y.fill(0);
    // The search accepts weights up to capacity + slack; the bound must cover them too.
    let total = Number.isFinite(this.capacity) ? this.lambda * ((this.capacity + this.weightSlack) / this.weightScale) : 0;
    for (let g = 0; g < this.n; g++) total += this.u[g];
    for (let e = 0; e < this.m; e++) {
      if (state[e] === INCLUDED) {
        y[e] = 1;
        total += gain[e];
      }
    }
    let left = room;
    if (forceIn >= 0) {
      y[forceIn] = 1;
      total += gain[forceIn];
      left -= totals[forceIn];
    }
    for (const e of open) {
      if (e === forceIn || e === forceOut) continue;
      if (gain[e] <= 0) break;
      if (totals[e] <= left) {
        y[e] = 1;
        left -= totals[e];
        total += gain[e];
      } else {
        y[e] = left / totals[e];
        total += gain[e] * y[e];
        break;
      }
    }
    return total;
  }

  private sortOpen(open: number[]): void {
    const { gain, totals } = this;
    open.sort((a, b) => gain[b] * totals[a] - gain[a] * totals[b]);
  }

  /**
   * Lagrangian bound on the subtree: relax "each group picks one item" (multiplier u_g, free) and the
   * budget (λ ≥ 0). What remains splits by expert: an expert is worth G_e = Σ_g max(0, value −
   * λ·weight − u_g); included experts are free, open ones must fit the cap's room (a fractional
   * knapsack, an upper bound on the 0/1 one). Every (u, λ) gives a valid bound; subgradient steps
   * (Polyak, towards the incumbent) tighten it. Leaves u, λ at the best multipliers found.
   */
  private lagrangian(open: number[], room: number, steps: number): number {
    const { m, n, grad, y, weight, positive } = this;
    const finiteBudget = Number.isFinite(this.capacity);
    const budget = finiteBudget ? (this.capacity + this.weightSlack) / this.weightScale : 0;
    let best = Number.POSITIVE_INFINITY;
    let bestU = this.u.slice();
    let bestLambda = this.lambda;
    let theta = 1;
    let stalled = 0;
    for (let step = 0; step < steps; step++) {
      this.stats.lagrangianSteps++;
      this.computeGains();
      this.sortOpen(open);
      const bound = this.evaluate(open, room);
      if (bound < best) {
        if (bound < best - this.valueSlack) stalled = 0;
        best = bound;
        bestU = this.u.slice();
        bestLambda = this.lambda;
      } else if (++stalled >= 3) {
        theta /= 2;
        stalled = 0;
        if (theta < MIN_STEP_SCALE) break;
      }
      if (this.prunes(best)) break;
      // Subgradient: 1 − (how much group g is served), and the budget − the weight served.
      let gradLambda = budget;
      let norm = 0;
      for (let g = 0; g < n; g++) {
        const row = g * m;
        let served = 0;
        for (let e = 0; e < m; e++) {
          if (y[e] > 0 && positive[row + e] === 1) {
            served += y[e];
            gradLambda -= y[e] * weight[row + e];
          }
        }
        grad[g] = 1 - served;
        norm += grad[g] * grad[g];
      }
      if (finiteBudget) norm += gradLambda * gradLambda;
      if (norm === 0) break;
      const length = (theta * (bound - this.bestValue)) / norm;
      for (let g = 0; g < n; g++) this.u[g] -= length * grad[g];
      if (finiteBudget) this.lambda = Math.max(0, this.lambda - length * gradLambda);
    }
    this.u = bestU;
    this.lambda = bestLambda;
    this.computeGains();
    this.sortOpen(open);
    return best;
  }

  /**
   * The experts the Lagrangian buys (included ones, then open ones by gain per parameter while they
   * fit) form a set within the cap; its exact uncapped optimum is a feasible mapping.
   */
  private lagrangianHeuristic(open: readonly number[], room: number): void {
    const set = new Uint8Array(this.m);
    for (let e = 0; e < this.m; e++) if (this.state[e] === INCLUDED) set[e] = 1;
    let left = room;
    for (const e of open) {
      if (this.gain[e] <= 0) break;
      if (this.totals[e] <= left) {
        set[e] = 1;
        left -= this.totals[e];
      }
    }
    this.tryExpertSet(set);
  }

  private readonly tried = new Set<string>();

  /** Offers the exact uncapped optimum over an expert set (within the cap) as the incumbent. */
  private tryExpertSet(set: Uint8Array): void {
    const key = String.fromCharCode(...set);
    if (this.tried.has(key)) return;
    this.tried.add(key);
    const restricted = this.groups.map((g) => g.filter((item) => set[item.expert] === 1));
    if (restricted.some((g) => g.length === 0)) return;
    this.stats.exactSolves++;
    const solution = solveUncapped({ groups: restricted, capacity: this.capacity }, this.bestValue);
    if (solution !== null && this.beats(solution.value)) {
      this.best = solution;
      this.bestValue = solution.value;
    }
  }

  /** At the best multipliers: open experts whose inclusion, or exclusion, alone cannot beat the incumbent. */
  private probe(open: readonly number[], room: number): { exclude: number[]; include: number[] } {
    const exclude: number[] = [];
    const include: number[] = [];
    for (const e of open) {
      if (this.prunes(this.evaluate(open, room, e))) exclude.push(e);
      else if (this.prunes(this.evaluate(open, room, -1, e))) include.push(e);
    }
    // Each include is individually necessary; together they must still fit.
    let spent = 0;
    const affordable = include.filter((e) => (spent += this.totals[e]) <= room);
    return { exclude, include: affordable.length === include.length ? include : affordable.slice(0, 1) };
  }

  /** First incumbent: the exact uncapped optimum over a greedy expert set within the cap (expertSetHeuristic.ts). */
  private heuristic(room: number): void {
    const { m, n, totals, present, value, weight, allowed, lambda, valueSlack } = this;
    const set = greedyExpertSet({ experts: m, groups: n, totals, present, value, weight, allowed, price: lambda, room, valueSlack });
    if (set) this.tryExpertSet(set);
  }
}
