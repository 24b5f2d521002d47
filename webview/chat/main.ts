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
const api = vscodeApi<WebviewMessage, SavedState>();
const saved: SavedState = api.getState() ?? { draft: '' };
const rpc = new RpcClient<ChatRpc>((request) => api.postMessage(request));
const app = new ChatApp(document.getElementById('app') as HTMLElement, {
  markdown: createMarkdownRenderer(DOMPurify),
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
