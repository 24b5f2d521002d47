import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../src/common/config/defaults';
import { parseConfig } from '../../../src/common/config/parseConfig';

const expert = (id: string, extra: Record<string, unknown> = {}) => ({
  id, kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', totalParams: 7e9, ...extra,
});

describe('parseConfig', () => {
  it('returns the defaults and no issue for an empty configuration', () => {
    const { config, issues } = parseConfig({});
    assert.deepEqual(config, DEFAULT_CONFIG);
    assert.deepEqual(issues, []);
  });

  it('keeps valid fields and names each invalid one', () => {
    const { config, issues } = parseConfig({ minConfidence: 1.5, maxEntropy: 0.6, stickyRouting: 'yes' });
    assert.equal(config.minConfidence, DEFAULT_CONFIG.minConfidence);
    assert.equal(config.maxEntropy, 0.6);
    assert.equal(config.stickyRouting, false);
    assert.deepEqual(issues.map((i) => i.path).sort(), ['minConfidence', 'stickyRouting']);
  });

  it('drops only the invalid experts, with the field path of the problem', () => {
    const { config, issues } = parseConfig({
      experts: [expert('a'), expert('b', { baseUrl: 'not a url' }), expert('c', { activeParams: 9e9 }), expert('a')],
      generalist: 'a',
      categoryTable: { code: ['a'] },
    });
    assert.deepEqual(config.experts.map((e) => e.id), ['a']);
    const paths = issues.map((i) => i.path);
    assert.ok(paths.includes('experts[1].baseUrl'), paths.join());
    assert.ok(paths.includes('experts[2].activeParams'), paths.join());
    assert.ok(paths.includes('experts[3].id'), paths.join());
  });

  it('requires a baseUrl for OpenAI-compatible experts but not for VS Code language models', () => {
    const { config, issues } = parseConfig({
      experts: [expert('x', { baseUrl: undefined }), { id: 'lm', kind: 'vscode-lm', model: 'gpt-4o', totalParams: 1e11 }],
      generalist: 'lm',
    });
    assert.deepEqual(config.experts.map((e) => e.id), ['lm']);
    assert.equal(issues[0].path, 'experts[0].baseUrl');
  });

  it('prunes table rows naming unknown experts and repairs a missing generalist', () => {
    const { config, issues } = parseConfig({
      experts: [expert('a'), expert('b')],
      generalist: 'ghost',
      categoryTable: { code: ['ghost', 'b'], math: ['ghost'] },
    });
    assert.deepEqual(config.categoryTable, { code: ['b'] });
    assert.equal(config.generalist, 'a');
    assert.ok(issues.some((i) => i.path === 'generalist'));
    assert.ok(issues.some((i) => i.path === 'categoryTable.math'));
  });

  it('falls back to the default experts when the list is not a list, and flags unknown keys', () => {
    const { config, issues } = parseConfig({ experts: 'oops', colour: 'blue' });
    assert.deepEqual(config.experts, DEFAULT_CONFIG.experts);
    assert.ok(issues.some((i) => i.path === 'colour'));
    assert.ok(issues.some((i) => i.path === 'experts'));
  });
});
