import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../src/common/config/parseConfig';
import { findPreset, PAPER_PRESET, presetAt, PRESETS } from '../../../src/common/config/presets';

describe('config presets', () => {
  it('every preset is a valid configuration', () => {
    for (const preset of PRESETS) {
      const { issues } = parseConfig(JSON.parse(JSON.stringify(preset.config)) as Record<string, unknown>);
      assert.deepEqual(issues, [], preset.id);
    }
  });

  it('the paper preset has its five experts with their parameter counts', () => {
    const params = Object.fromEntries(PAPER_PRESET.config.experts.map((e) => [e.displayName, e.totalParams / 1e9]));
    assert.deepEqual(params, {
      'Qwen2-7B-Instruct': 7.6, 'gemma-2-9b-it': 9.2, 'gemma-2-27b-it': 27.2,
      'Llama-3.1-70B-Instruct': 70.6, 'Qwen2-72B-Instruct': 72.7,
    });
  });

  it('can be pointed at another endpoint', () => {
    const hosted = presetAt(findPreset('paper') ?? PAPER_PRESET, 'https://api.sambanova.ai/v1');
    assert.ok(hosted.config.experts.every((e) => e.baseUrl === 'https://api.sambanova.ai/v1'));
    assert.equal(PAPER_PRESET.config.experts[0].baseUrl, 'http://127.0.0.1:8000/v1');
  });
});
