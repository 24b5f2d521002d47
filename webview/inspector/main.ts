import type { HostToInspector, InspectorToHost, InspectorViewKind } from '../../src/common/protocol/inspectorProtocol';
import { registerComponents } from '../shared/components';
import { vscodeApi } from '../shared/vscodeApi';
import { el } from './dom';
import { InspectorApp, type InspectorSaved } from './inspectorApp';
import { MemoryApp, type MemorySaved } from './memoryApp';
import { ParamsApp, type ParamsSaved } from './paramsApp';
import './inspector.css';

/**
 * One bundle for the three CoE inspector views; the host says which one this webview is (`init`).
 * What survives hiding the view: filters, selection, the dashboard's scope and the replay position.
 */
interface SavedState {
  view?: InspectorViewKind;
  inspector: InspectorSaved;
  params: ParamsSaved;
  memory: MemorySaved;
}

registerComponents();
const api = vscodeApi<InspectorToHost, SavedState>();
const saved: SavedState = {
  inspector: { filters: { expert: '', category: '', fallback: '' }, selectedId: null },
  params: { scope: 'session' },
  memory: { cursor: 0, requestsPerSecond: 6 },
  ...api.getState(),
};
const save = (): void => api.setState(saved);
const post = (message: InspectorToHost): void => api.postMessage(message);
const root = document.getElementById('app') as HTMLElement;
const notice = el('div', 'notice');
notice.setAttribute('role', 'status');
const body = el('div', 'view');
root.append(notice, body);

let inspector: InspectorApp | undefined;
let params: ParamsApp | undefined;
let memory: MemoryApp | undefined;

function init(view: InspectorViewKind): void {
  if (saved.view === view && (inspector || params || memory)) return;
  saved.view = view;
  save();
  body.replaceChildren();
  document.body.dataset.view = view;
  if (view === 'inspector') inspector = new InspectorApp(body, post, saved.inspector, save);
  if (view === 'params') params = new ParamsApp(body, post, saved.params, save);
  if (view === 'memory') memory = new MemoryApp(body, post, saved.memory, save);
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function showNotice(level: 'info' | 'error', text: string): void {
  notice.textContent = text;
  notice.className = `notice ${level}`;
  if (noticeTimer) clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (notice.className = 'notice'), level === 'error' ? 12_000 : 5000);
}

window.addEventListener('message', (event: MessageEvent<HostToInspector>) => {
  const message = event.data;
  switch (message.type) {
    case 'init': return init(message.view);
    case 'inspectorList': return inspector?.showList(message.state);
    case 'decisionDetail': return inspector?.showDetail(message.detail);
    case 'paramsDashboard': return params?.show(message.state);
    case 'memoryState': return memory?.show(message.state);
    case 'memoryParamsRejected': return memory?.showIssues(message.issues);
    case 'notice': return showNotice(message.level, message.text);
  }
});
post({ type: 'ready' });
