import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CategorySet } from '../../../src/common/categories';
import { AdapterLookup } from '../../../src/common/teach/adapter';
import { predictIndex } from '../../../src/common/teach/gate';
import { resolveLabel, targetDistribution, teachWeight } from '../../../src/common/teach/teachLabels';
import { teachRouter, type TeachOutcome } from '../../../src/common/teach/teachRouter';
import { prepareAnchorRows, prepareCanaryRows, prepareTeachRows, type LabelledText } from '../../../src/common/teach/teachRows';
import { loadAnchors } from '../../../src/node/teach/canary';
import { createTinyRouterBundle, type TinyRouterBundle } from '../../helpers/tinyRouterBundle';
import { SHELL_CORRECTIONS, TINY_CANARY, tinyAdapterBase, tinyBaseLogits, tinyCategories } from './teachHelpers';

describe('teach: adapter training and the gate', () => {
  let tiny: TinyRouterBundle;
  before(async () => {
    tiny = await createTinyRouterBundle();
  });
  after(async () => tiny.cleanup());

  async function teach(items: LabelledText[]): Promise<TeachOutcome> {
    const score = tinyBaseLogits(tiny);
    const { rows } = await prepareTeachRows(items, tinyCategories, score);
    const canary = await prepareCanaryRows(TINY_CANARY, score);
    const anchors = await prepareAnchorRows(await loadAnchors(), score);
    return teachRouter({ rows, canary, anchors, categories: tinyCategories, base: tinyAdapterBase(tiny) });
  }

  async function predict(outcome: TeachOutcome, text: string): Promise<{ base: string; taught: string }> {
    const scored = await tinyBaseLogits(tiny)(text);
    const row = { ids: scored.ids, values: scored.values, baseLogits: scored.logits };
    assert.ok(outcome.adapter, outcome.reason);
    return {
      base: tinyCategories.ids[predictIndex(row, null)],
      taught: tinyCategories.ids[predictIndex(row, new AdapterLookup(outcome.adapter))],
    };
  }

  it('learns consistent corrections, passes the gate, and generalises to a similar prompt', async () => {
    const outcome = await teach(SHELL_CORRECTIONS);
    assert.equal(outcome.accepted, true, outcome.reason);
    assert.ok(outcome.heldBack.n >= 2);
    assert.ok(outcome.heldBack.accuracyAfter > outcome.heldBack.accuracyBefore);
    const unseen = await predict(outcome, 'bash: grep for a word in all files');
    assert.notEqual(unseen.base, 'coding');
    assert.equal(unseen.taught, 'coding');
  });

  it('does not forget: prompts the base got right and the corrections do not touch stay right', async () => {
    const outcome = await teach(SHELL_CORRECTIONS);
    for (const [text, expected] of [
      ['solve the integral equation', 'math_word_problem'],
      ['who wrote hamlet', 'knowledge'],
      ['a javascript class that compiles', 'coding'],
      ['what is the capital of france', 'knowledge'],
    ]) {
      const p = await predict(outcome, text);
      assert.equal(p.base, expected, `base on "${text}"`);
      assert.equal(p.taught, expected, `after teaching, "${text}"`);
    }
    assert.ok(outcome.canary.accuracyAfter >= outcome.canary.accuracyBefore);
  });

  it('refuses an adapter trained on deliberately wrong labels (the canaries catch it)', async () => {
    // Everyday requests the base routes to knowledge, all labelled as maths: consistent, so the held-back
    // rows (wrong in the same way) even "improve"; only the canaries can tell.
    const wrong: LabelledText[] = [
      'write a story about a dragon', 'tell me about the history of spain', 'write a letter to my aunt', 'plan a weekend in rome',
      'tell me about whales', 'write a song about the rain', 'who was napoleon', 'tell me about the moon',
      'write an essay about friendship', 'plan a picnic', 'who invented the telephone', 'write a poem about trees',
    ].map((text) => ({ text, label: 'math_word_problem', weight: 1 }));
    const outcome = await teach(wrong);
    assert.equal(outcome.accepted, false);
    assert.equal(outcome.adapter, null);
    assert.match(outcome.reason, /canary accuracy/);
    assert.ok(outcome.canary.accuracyAfter < outcome.canary.accuracyBefore - outcome.canary.tolerance);
  });

  it('refuses an adapter trained on random labels (no held-back gain)', async () => {
    const labels = ['coding', 'math_word_problem', 'knowledge'];
    const noisy = SHELL_CORRECTIONS.map((c, i) => ({ ...c, label: labels[(i * 7 + 1) % 3] }));
    const outcome = await teach(noisy);
    assert.equal(outcome.accepted, false, outcome.reason);
    assert.match(outcome.reason, /held-back/);
  });

  it('needs a minimum number of corrections before it learns anything', async () => {
    const outcome = await teach(SHELL_CORRECTIONS.slice(0, 3));
    assert.equal(outcome.accepted, false);
    assert.match(outcome.reason, /not enough corrections/);
  });

  it('maps a domain label onto the base model\'s own preference within that domain', () => {
    const categories = new CategorySet([
      { id: 'coding', displayName: 'C', description: 'c', domain: 'code' },
      { id: 'sql', displayName: 'S', description: 's', domain: 'code' },
      { id: 'knowledge', displayName: 'K', description: 'k', domain: 'general' },
    ]);
    const label = resolveLabel('code', categories);
    assert.deepEqual(label, { kind: 'domain', domain: 'code', indices: [0, 1] });
    const target = targetDistribution(label!, [0.1, 0.3, 0.6], new Float64Array(3));
    assert.deepEqual(Array.from(target).map((x) => Number(x.toFixed(6))), [0.25, 0.75, 0]);
    assert.deepEqual(resolveLabel('sql', categories), { kind: 'category', index: 1, domain: 'code' });
    assert.equal(resolveLabel('cooking', categories), null);
  });

  it('weights sources: explicit correction > thumbs-down > re-route', () => {
    assert.equal(teachWeight('inspectorCorrection'), 1);
    assert.equal(teachWeight('thumbsDown'), 0.7);
    assert.equal(teachWeight('reroute'), 0.3);
    assert.equal(teachWeight('import', 5), 1, 'a record cannot outweigh an explicit correction');
    assert.equal(teachWeight('reroute', 0.5), 0.3, 'the source caps what a record may count');
    assert.equal(teachWeight('inspectorCorrection', 0.5), 0.5, 'a writer may lower a record');
  });
});
