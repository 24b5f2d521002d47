// Loads the TypeScript worker entry through tsx's CommonJS hook, so unit tests need no build step.
require('tsx/cjs');
require('../../src/node/router/routerWorker.ts');
