import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkMemoryParams, DEFAULT_MEMORY_PARAMS } from '../../../src/common/inspector/memoryParams';
import { buildMemoryView, liveTrace } from '../../../src/common/inspector/memoryView';
import { paper150Trace, paperFiveTrace } from '../../../src/common/inspector/sampleTraces';
import { sampleRecord } from './sampleDecisions';

function nodes(patch: Record<string, unknown> = {}) {
  const checked = checkMemoryParams({ ...DEFAULT_MEMORY_PARAMS, ...patch });
  assert.ok(checked.ok, JSON.stringify(checked));
  return checked;
}

describe('memory-residency view', () => {
  it('accepts the defaults and rejects bad input with field paths', () => {
    assert.equal(nodes().nodes.length, 3);
    const bad = checkMemoryParams({ ...DEFAULT_MEMORY_PARAMS, batchSize: 0, sn40l: { ...DEFAULT_MEMORY_PARAMS.sn40l, hbmGiB: -1 } });
    assert.ok(!bad.ok);
    assert.deepEqual(bad.issues.map((i) => i.path).sort(), ['batchSize', 'sn40l.hbmGiB']);
    const tp = checkMemoryParams({ ...DEFAULT_MEMORY_PARAMS, sn40l: { ...DEFAULT_MEMORY_PARAMS.sn40l, tensorParallel: 16 } });
    assert.ok(!tp.ok && tp.issues[0].path === 'sn40l.tensorParallel', JSON.stringify(tp));
    assert.ok(!checkMemoryParams({ ...DEFAULT_MEMORY_PARAMS, dtype: 'fp64' }).ok);
  });

  it('replays the same live trace on SN40L, DGX H100 and DGX A100: same hits, 16× / 31× the switch time', () => {
    const { params, nodes: specs } = nodes({ kvCacheGiB: 0 });
    const records = ['code', 'math', 'code', 'general', 'math'].map((expert, i) => sampleRecord(`d${i}`, { expert, routerParams: 0 }));
    const experts = [
      { id: 'code', totalParams: 6.74e9 },
      { id: 'math', totalParams: 6.74e9 },
    ].map((e) => ({ ...e, kind: 'openai' as const, model: e.id, baseUrl: 'http://127.0.0.1:1/v1', contextLength: 1, headers: {} }));
    const input = liveTrace(records, experts, 6.74e9);
    assert.deepEqual(input.unknown, ['general']);
    const view = buildMemoryView(params, specs, input);
    assert.deepEqual(view.runs.map((r) => r.platform), ['sn40l', 'dgx-h100', 'dgx-a100']);
    const [sn, h100, a100] = view.runs.map((r) => r.totals);
    assert.ok(sn && h100 && a100);
    assert.deepEqual([sn.hits, sn.misses], [2, 3]);
    assert.equal(h100.misses, 3);
    assert.ok(Math.abs(h100.switchMs / sn.switchMs - 15.6) < 0.1, String(h100.switchMs / sn.switchMs));
    assert.ok(Math.abs(a100.switchMs / sn.switchMs - 31.25) < 0.1);
    assert.deepEqual(view.runs[0].steps[2], { ...view.runs[0].steps[2], expert: 'code', hit: true, switchMs: 0 });
    assert.deepEqual(view.runs[0].tiers.map((t) => t.name), ['SRAM', 'HBM', 'DDR']);
    assert.equal(view.experts.find((e) => e.id === 'general')?.known, false);
  });

  it("reproduces the paper's 150-expert benchmark: SN40L serves it, DGX runs out of memory", () => {
    const { params, nodes: specs } = nodes({ kvCacheGiB: 0 });
    const view = buildMemoryView(params, specs, paper150Trace());
    const [sn, h100] = view.runs;
    assert.equal(sn.status, 'ok');
    assert.equal(h100.status, 'outOfMemory');
    assert.ok(sn.maxExpertsInNode >= 850, String(sn.maxExpertsInNode));
    // 8 × 80 GB less the pinned 7B router (13.5 GB) leaves room for 46 of the 13.5 GB experts.
    assert.equal(h100.expertsResidentInHbm, 46);
  });

  it('keeps only the newest requests of a long trace and says how many were dropped', () => {
    const { params, nodes: specs } = nodes();
    const input = paperFiveTrace(450);
    const view = buildMemoryView(params, specs, input);
    assert.equal(view.traceLength, 450);
    assert.equal(view.droppedRequests, 50);
    assert.equal(view.runs[0].steps.length, 400);
  });
});
