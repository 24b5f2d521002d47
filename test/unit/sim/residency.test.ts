import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capacityReport } from '../../../src/common/sim/capacity';
import { NodeSpecSchema, SN40L_NODE, type NodeSpec } from '../../../src/common/sim/platforms';
import { simulateTrace, UnknownExpertError, type RequestEvent, type SimulationResult } from '../../../src/common/sim/residency';
import { GB } from '../../../src/common/sim/units';

// A toy node with round numbers: 2 sockets × 10 GB HBM, 1 GB/s copies, 100 GB/s HBM per socket.
const TOY: NodeSpec = NodeSpecSchema.parse({
  id: 'toy', displayName: 'toy node', sockets: 2, tensorParallel: 2,
  socket: { sramBytes: 0, hbmBytes: 10 * GB, hbmBytesPerS: 100 * GB, ddrBytes: 100 * GB, ddrBytesPerS: 10 * GB },
  hostMemoryBytes: 0, weightStore: 'socket-ddr', copyToHbmBytesPerS: 1 * GB,
});
// int8 makes bytes = params: a 5e9-param expert is 5 GB, so four fit in the 20 GB region.
const FIVE = { totalParams: 5e9, activeParams: 5e9 };
const EXPERTS = { a: FIVE, b: FIVE, c: FIVE, d: FIVE, e: FIVE, big: { totalParams: 10e9, activeParams: 2e9 } };

function requests(result: SimulationResult): RequestEvent[] {
  assert.equal(result.status, 'ok');
  return result.status === 'ok' ? result.events.filter((e): e is RequestEvent => e.kind === 'request') : [];
}

void describe('simulateTrace', () => {
  void it('a resident expert costs no switch; a miss costs bytes / copy bandwidth', () => {
    const events = requests(simulateTrace({ node: TOY, dtype: 'int8', experts: EXPERTS, trace: ['a', 'a', 'b'] }));
    assert.deepEqual(events.map((e) => e.hit), [false, true, false]);
    assert.deepEqual(events.map((e) => e.switchMs), [5000, 0, 5000]);
    assert.deepEqual(events.map((e) => e.startMs), [0, 5000, 5000]);
  });

  void it('evicts the least recently used expert, not the least recently loaded', () => {
    const events = requests(simulateTrace({ node: TOY, dtype: 'int8', experts: EXPERTS, trace: ['a', 'b', 'c', 'd', 'a', 'e', 'b'] }));
    assert.deepEqual(events[5].evicted, ['b']);
    assert.deepEqual(events[5].hbmResident, ['c', 'd', 'a', 'e']);
    assert.equal(events[6].hit, false);
    assert.deepEqual(events[6].evicted, ['c']);
  });

  void it('a large expert evicts as many as it needs, and eviction costs nothing (no copy back)', () => {
    const result = simulateTrace({ node: TOY, dtype: 'int8', experts: EXPERTS, trace: ['a', 'b', 'c', 'd', 'big'] });
    const events = requests(result);
    assert.deepEqual(events[4].evicted, ['a', 'b']);
    assert.equal(events[4].switchMs, 10_000);
    assert.equal(events[4].hbmUsedBytes, 20 * GB);
    assert.ok(result.status === 'ok' && result.totals.switchMs === 4 * 5000 + 10_000);
  });

  void it('totals count hits, misses and evictions', () => {
    const result = simulateTrace({ node: TOY, dtype: 'int8', experts: EXPERTS, trace: ['a', 'b', 'a', 'c', 'd', 'e', 'a'] });
    assert.equal(result.status, 'ok');
    if (result.status !== 'ok') return;
    assert.deepEqual(
      { hits: result.totals.hits, misses: result.totals.misses, evictions: result.totals.evictions },
      { hits: 2, misses: 5, evictions: 1 },
    );
    assert.equal(result.totals.distinctExperts, 5);
  });

  void it('runs the router once per batch and times memory-bound decode from active parameters', () => {
    const result = simulateTrace({
      node: TOY, dtype: 'int8', experts: EXPERTS, trace: ['a', 'a', 'a', 'big', 'a'],
      batchSize: 2, outputTokens: 10, pinned: { routerParams: 1e9, kvCacheBytes: 0 },
    });
    assert.equal(result.status, 'ok');
    if (result.status !== 'ok') return;
    const routers = result.events.filter((e) => e.kind === 'router');
    assert.equal(routers.length, 3);
    assert.equal(result.totals.batches, 3);
    // 1 GB router read once over 2 × 100 GB/s = 5 ms per batch.
    assert.ok(Math.abs(result.totals.routerMs - 15) < 1e-9);
    const big = requests(result)[3];
    // 10 tokens × 2 GB active / 200 GB/s = 100 ms.
    assert.ok(Math.abs(big.runMs - 100) < 1e-9);
    assert.equal(big.batch, 1);
  });

  void it('pinned router and KV cache shrink the expert region', () => {
    const pinned = { routerParams: 4e9, kvCacheBytes: 2 * GB };
    assert.equal(capacityReport(TOY, 5e9, 'int8').expertsResidentInHbm, 4);
    assert.equal(capacityReport(TOY, 5e9, 'int8', pinned).expertsResidentInHbm, 2);
    const events = requests(simulateTrace({ node: TOY, dtype: 'int8', pinned, experts: EXPERTS, trace: ['a', 'b', 'c'] }));
    assert.deepEqual(events[2].evicted, ['a']);
  });

  void it('reports out of memory and experts larger than the HBM region instead of inventing numbers', () => {
    const tiny = { ...TOY, socket: { ...TOY.socket, ddrBytes: 6 * GB } };
    const oom = simulateTrace({ node: tiny, dtype: 'int8', experts: EXPERTS, trace: ['a', 'b', 'c'] });
    assert.equal(oom.status, 'outOfMemory');
    assert.match(oom.status === 'outOfMemory' ? oom.message : '', /out of memory: the router and 3 experts need 15 GB/);
    const huge = simulateTrace({ node: TOY, dtype: 'fp32', experts: EXPERTS, trace: ['big'] });
    assert.equal(huge.status, 'expertTooLarge');
  });

  void it('rejects trace ids it has no parameter count for', () => {
    assert.throws(
      () => simulateTrace({ node: TOY, dtype: 'int8', experts: EXPERTS, trace: ['a', 'zz', 'zz'] }),
      (error: unknown) => error instanceof UnknownExpertError && error.experts.join() === 'zz',
    );
  });

  void it('the SN40L preset validates against the node schema', () => {
    assert.equal(NodeSpecSchema.safeParse(SN40L_NODE).success, true);
    assert.equal(NodeSpecSchema.safeParse({ ...SN40L_NODE, tensorParallel: 9 }).success, false);
  });
});
