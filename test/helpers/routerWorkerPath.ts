import path from 'node:path';

/** A CommonJS bootstrap that runs the TypeScript worker entry through tsx (no build step in unit tests). */
export const ROUTER_WORKER_TS = path.join(__dirname, 'routerWorkerBootstrap.cjs');
export const TSX_EXEC_ARGV: string[] = [];
