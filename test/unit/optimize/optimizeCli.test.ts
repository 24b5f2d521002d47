import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CliError, UsageError, type CliIo } from '../../../src/cli/cliTypes';
import { optimizeCommand } from '../../../src/cli/commands/optimize';

const dir = mkdtempSync(path.join(tmpdir(), 'coe-optimize-'));
writeFileSync(path.join(dir, 'scores.json'), JSON.stringify({
  experts: { small: { activeParams: 7e9 }, big: { activeParams: 70e9 } },
  scores: { code: { small: 0.5, big: 0.9 }, chat: { small: 0.6, big: 0.55 } },
  routerParams: 1e6,
}));
writeFileSync(path.join(dir, 'freq.json'), JSON.stringify({ code: 1, chat: 3 }));
writeFileSync(path.join(dir, 'broken.json'), '{ nope');

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: () => Promise.resolve(''),
    env: {}, cwd: dir, signal: new AbortController().signal,
  };
}

void describe('coe optimize', () => {
  void it('prints mapping, expected score, average active params and the frontier as JSON', async () => {
    const session = io();
    assert.equal(await optimizeCommand.run(['--scores', 'scores.json', '--freq', 'freq.json', '--budget', '25B', '--json'], session), 0);
    const result = JSON.parse(session.out.join('')) as { mapping: Record<string, string>; expectedScore: number; avgActiveParams: number; frontier: unknown[] };
    // code is a quarter of traffic: big there costs 0.25·70 + 0.75·7 = 22.75B (+ router), within 25B.
    assert.deepEqual(result.mapping, { code: 'big', chat: 'small' });
    assert.ok(Math.abs(result.expectedScore - (0.25 * 0.9 + 0.75 * 0.6)) < 1e-12);
    assert.ok(Math.abs(result.avgActiveParams - (1e6 + 22.75e9)) < 1);
    assert.equal(result.frontier.length, 2);
  });

  void it('with a tighter budget picks the cheaper table, and reads uniform frequencies by default', async () => {
    const session = io();
    await optimizeCommand.run(['--scores', 'scores.json', '--budget', '2e10', '--json'], session);
    const result = JSON.parse(session.out.join('')) as { mapping: Record<string, string> };
    assert.deepEqual(result.mapping, { code: 'small', chat: 'small' });
  });

  void it('names the cheapest feasible budget when the budget is infeasible', async () => {
    await assert.rejects(
      optimizeCommand.run(['--scores', 'scores.json', '--budget', '5B'], io()),
      (e: unknown) => e instanceof CliError && /cheapest mapping averages 7(\.0)?B/.test(e.message) && /--budget 7\.01B/.test(e.message),
    );
  });

  void it('treats bad flags as usage errors and bad files as runtime errors', async () => {
    await assert.rejects(optimizeCommand.run(['--budget', '5B'], io()), UsageError);
    await assert.rejects(optimizeCommand.run(['--scores', 'scores.json', '--budget', 'lots'], io()), UsageError);
    await assert.rejects(optimizeCommand.run(['--scores', 'scores.json', '--budget', '5B', '--nope'], io()), UsageError);
    await assert.rejects(optimizeCommand.run(['--scores', 'missing.json', '--budget', '5B'], io()), (e: unknown) => e instanceof CliError && /ENOENT/.test(e.message));
    await assert.rejects(optimizeCommand.run(['--scores', 'broken.json', '--budget', '5B'], io()), (e: unknown) => e instanceof CliError && /not valid JSON/.test(e.message));
  });

  void it('prints a readable table without --json', async () => {
    const session = io();
    await optimizeCommand.run(['--scores', 'scores.json', '--budget', '80B'], session);
    const text = session.out.join('');
    assert.match(text, /code\s+big/);
    assert.match(text, /← chosen/);
  });
});
