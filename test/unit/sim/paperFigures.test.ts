import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capacityReport, nodesToHoldInHbm } from '../../../src/common/sim/capacity';
import { PAPER_BENCHMARK_EXPERT_PARAMS } from '../../../src/common/sim/paperPreset';
import { DGX_A100_NODE, DGX_H100_NODE, SN40L_NODE, type NodeSpec } from '../../../src/common/sim/platforms';
import { simulateTrace, type ExpertWeights } from '../../../src/common/sim/residency';

// The SN40L paper's benchmark expert: Llama-2-7B in bf16. Every figure below is derived from the
// node specs; the assertions are the paper's published ranges.
const SEVEN_B = PAPER_BENCHMARK_EXPERT_PARAMS;
const sn40l = capacityReport(SN40L_NODE, SEVEN_B, 'bf16');
const h100 = capacityReport(DGX_H100_NODE, SEVEN_B, 'bf16');
const a100 = capacityReport(DGX_A100_NODE, SEVEN_B, 'bf16');

function roundRobin(count: number, rounds: number): { trace: string[]; experts: Record<string, ExpertWeights> } {
  const ids = Array.from({ length: count }, (_, i) => `e${i}`);
  const experts = Object.fromEntries(ids.map((id) => [id, { totalParams: SEVEN_B, activeParams: SEVEN_B }]));
  return { trace: Array.from({ length: rounds }, () => ids).flat(), experts };
}

function missesAfterWarmUp(node: NodeSpec, count: number): number {
  const { trace, experts } = roundRobin(count, 3);
  const result = simulateTrace({ node, dtype: 'bf16', experts, trace });
  assert.equal(result.status, 'ok');
  if (result.status !== 'ok') return -1;
  return result.events.filter((e) => e.kind === 'request' && e.index >= count && !e.hit).length;
}

void describe('paper figures from first principles (7B bf16 expert)', () => {
  void it('a 7B bf16 expert is ≈ 13.5 GB and switches in ≈ 13.5 / 210 / 420 ms', () => {
    assert.ok(Math.abs(sn40l.expertBytes - 13.5e9) < 0.1e9);
    assert.ok(Math.abs(sn40l.switchMsPerExpert - 13.5) < 0.5, `SN40L ${sn40l.switchMsPerExpert}`);
    assert.ok(Math.abs(h100.switchMsPerExpert - 210) < 5, `H100 ${h100.switchMsPerExpert}`);
    assert.ok(Math.abs(a100.switchMsPerExpert - 420) < 10, `A100 ${a100.switchMsPerExpert}`);
  });

  void it('switches 15–16× faster than DGX H100 and ≈ 31× faster than DGX A100', () => {
    const vsH100 = h100.switchMsPerExpert / sn40l.switchMsPerExpert;
    const vsA100 = a100.switchMsPerExpert / sn40l.switchMsPerExpert;
    assert.ok(vsH100 >= 15 && vsH100 <= 16, `vs H100 ${vsH100}`);
    assert.ok(vsA100 >= 30.5 && vsA100 <= 31.5, `vs A100 ${vsA100}`);
  });

  void it('DGX starts spilling out of HBM near 47–50 experts', () => {
    for (const report of [h100, a100]) {
      const firstSpilling = report.expertsResidentInHbm + 1;
      assert.ok(firstSpilling >= 47 && firstSpilling <= 50, `${report.platform} spills at ${firstSpilling}`);
    }
  });

  void it('replaying a round-robin trace shows the spill as a cliff: all hits, then all misses', () => {
    const fits = h100.expertsResidentInHbm;
    assert.equal(missesAfterWarmUp(DGX_H100_NODE, fits), 0);
    assert.equal(missesAfterWarmUp(DGX_H100_NODE, fits + 1), 2 * (fits + 1));
  });

  void it('DGX runs out of memory before 150 experts, but not long before', () => {
    for (const report of [h100, a100]) {
      assert.ok(report.maxExpertsInNode < 150 && report.maxExpertsInNode > 100, `${report.platform} ${report.maxExpertsInNode}`);
    }
    const ok = roundRobin(h100.maxExpertsInNode, 1);
    assert.equal(simulateTrace({ node: DGX_H100_NODE, dtype: 'bf16', ...ok }).status, 'ok');
    const tooMany = roundRobin(150, 1);
    assert.equal(simulateTrace({ node: DGX_H100_NODE, dtype: 'bf16', ...tooMany }).status, 'outOfMemory');
  });

  void it('one SN40L node holds at least 850 such experts', () => {
    assert.ok(sn40l.maxExpertsInNode >= 850, `SN40L holds ${sn40l.maxExpertsInNode}`);
    const many = roundRobin(850, 1);
    assert.equal(simulateTrace({ node: SN40L_NODE, dtype: 'bf16', ...many }).status, 'ok');
  });

  void it('holding 850 experts in DGX HBM takes 18–19 DGX nodes', () => {
    const nodes = nodesToHoldInHbm(h100, 850);
    assert.ok(nodes >= 18 && nodes <= 19, `${nodes} nodes`);
  });

  void it('halving the bytes per parameter doubles what fits and halves the switch', () => {
    const int8 = capacityReport(DGX_H100_NODE, SEVEN_B, 'int8');
    assert.ok(Math.abs(int8.switchMsPerExpert * 2 - h100.switchMsPerExpert) < 1e-9);
    assert.ok(int8.expertsResidentInHbm >= 2 * h100.expertsResidentInHbm);
  });
});
