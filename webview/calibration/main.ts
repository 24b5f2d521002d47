import type { CalibrationHostToView, CalibrationViewSaved, CalibrationViewToHost } from '../../src/common/protocol/calibrationProtocol';
import { el, registerComponents } from '../shared/components';
import { vscodeApi } from '../shared/vscodeApi';
import { CalibrationApp } from './calibrationApp';
import './calibration.css';

registerComponents();
const api = vscodeApi<CalibrationViewToHost, CalibrationViewSaved>();
const saved: CalibrationViewSaved = { selectedPoint: null, ...api.getState() };
const root = document.getElementById('app') as HTMLElement;
const notice = el('div', 'notice');
notice.setAttribute('role', 'status');
const body = el('div', 'view');
root.append(notice, body);
const app = new CalibrationApp(body, (m) => api.postMessage(m), saved, () => api.setState(saved));

window.addEventListener('message', (event: MessageEvent<CalibrationHostToView>) => {
  const message = event.data;
  if (message.type === 'state') {
    app.show(message.state, message.running);
  } else if (message.type === 'notice') {
    notice.className = `notice ${message.level}`;
    notice.textContent = message.text;
  }
});
api.postMessage({ type: 'ready' });
