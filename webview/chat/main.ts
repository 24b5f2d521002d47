import DOMPurify from 'dompurify';
import type { ChatRpc, HostMessage, PanelState, WebviewMessage } from '../../src/common/protocol/chatProtocol';
import { RpcClient } from '../../src/common/protocol/rpc';
import { registerComponents } from '../shared/components';
import { createMarkdownRenderer } from '../shared/markdown';
import { vscodeApi } from '../shared/vscodeApi';
import { ChatApp } from './chatApp';
import './chat.css';

/** What survives the view being hidden and shown again (getState/setState). */
export interface SavedState {
  draft: string;
  snapshot?: PanelState;
}

registerComponents();
const markdown = createMarkdownRenderer(DOMPurify);
const api = vscodeApi<WebviewMessage, SavedState>();
const saved: SavedState = api.getState() ?? { draft: '' };
const rpc = new RpcClient<ChatRpc>((request) => api.postMessage(request));
const app = new ChatApp(document.getElementById('app') as HTMLElement, {
  markdown,
  post: (message) => api.postMessage(message),
  rpc,
  save: (patch) => {
    Object.assign(saved, patch);
    api.setState(saved);
  },
  draft: saved.draft,
});
if (saved.snapshot) app.applyState(saved.snapshot);

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  if (rpc.accept(message)) return;
  app.receive(message);
});
api.postMessage({ type: 'ready' });

// The first render compiles highlight.js grammars and warms up markdown-it and DOMPurify (tens of
// milliseconds): do it while the panel is idle, not in the first frames of the first answer.
const WARM_UP = '# T\n\nSome **bold**, `code` and [a link](https://example.com).\n\n- a\n- b\n\n' +
  ['ts', 'js', 'python', 'bash', 'json'].map((language) => `\`\`\`${language}\nconst x = [1, "s"]; // c\n\`\`\`\n`).join('\n');
const warmUp = () => void markdown.render(WARM_UP);
if (typeof requestIdleCallback === 'function') requestIdleCallback(warmUp, { timeout: 2000 });
else setTimeout(warmUp, 200);
