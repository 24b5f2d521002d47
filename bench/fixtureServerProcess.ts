// Runs the loopback OpenAI-compatible fixture in its own process for benchmarks: a real expert
// server is another process, and sharing the client's event loop would bill the server's work to
// whichever request happens to come next. Prints the base URL, exits when stdin closes.
import { startOpenAiFixture } from '../test/fixtures/openaiServer';

void startOpenAiFixture({ fallback: { kind: 'stream', tokens: ['Hello', ' world'] } }).then((fixture) => {
  process.stdout.write(`${fixture.baseUrl}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void fixture.close().then(() => process.exit(0));
  });
});
