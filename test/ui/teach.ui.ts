// Teaching the router in the real workbench: labelled prompts imported through the palette (a feedback source
// like inspector corrections), "CoE: Teach Router Now" trains in the router worker and hot-swaps the adapter,
// and a similar prompt the shipped model sent elsewhere is then routed to the code expert.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Workbench } from './driver';
import { openChat, openFixtureWorkbench, sendPrompt, turnFor, type FixtureWorkbench } from './chatHelpers';

const CORRECTIONS = path.join(__dirname, 'fixtures', 'spreadsheet-corrections.jsonl');
// Not among the corrections; the shipped model routes it to the generalist.
const PROBE = 'Excel formula to show the percentage change between two cells';

describe('teach the router (workbench)', () => {
  let env: FixtureWorkbench | undefined;
  let workbench: Workbench;
  let workspace: string;

  before(async () => {
    env = await openFixtureWorkbench('ui-teach', {
      fixture: { fallback: { kind: 'stream', tokens: ['Use ', '=(B2-A2)/A2', '.'] } },
      prepare: (folder) => fs.copyFileSync(CORRECTIONS, path.join(folder, 'corrections.jsonl')),
      settings: { 'coe.correctionPromptText': 'always', 'coe.teachAfterCorrections': 0 },
    });
    ({ workbench, workspace } = env);
  });

  after(() => env?.close());

  it('routes a similar prompt differently after the user taught the router', async () => {
    const frame = await openChat(workbench);
    await sendPrompt(frame, PROBE);
    const beforeBadge = turnFor(frame, PROBE).first().locator('.routing-badge');
    await beforeBadge.waitFor({ timeout: 60_000 });
    assert.notEqual(await beforeBadge.getAttribute('data-expert'), 'code', 'the shipped model alone does not send it to code');

    // The open dialog of a remote workbench is a quick input that takes a path.
    await workbench.runCommand('CoE: Import Labelled Prompts for the Router');
    await workbench.answerFileDialog(path.join(workspace, 'corrections.jsonl'));
    await workbench.waitForNotification(/16 labelled prompt\(s\) imported/);

    await workbench.runCommand('CoE: Teach Router Now');
    await workbench.waitForNotification(/Router adapter v0001 in use/, { timeoutMs: 180_000 });
    await workbench.screenshot('teach-accepted');

    await sendPrompt(frame, PROBE);
    const afterBadge = turnFor(frame, PROBE).nth(1).locator('.routing-badge');
    await afterBadge.waitFor({ timeout: 60_000 });
    await workbench.screenshot('teach-routed-to-code');
    assert.equal(await afterBadge.getAttribute('data-expert'), 'code');
  });
});
