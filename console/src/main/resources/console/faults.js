// The faults page: every active fault with time left (clear one or all), and a form to add one. The engine checks
// a new fault on every target (dry run) before any of them gets it; a refusal shows the engine's reason.
import { h, show, get, post, del, problem, status } from './dom.js';

export async function drawFaults(main) {
  const list = h('div', { id: 'fault-list' });
  const message = h('div', { id: 'fault-message', 'aria-live': 'polite' });
  const map = await get('/api/map');
  // the engine's kinds, from the one list the CLI and the README's fault table follow too
  const { kinds } = await get('/api/faults/kinds');
  const services = [...new Set(map.nodes.map(n => n.service))];
  const form = h('form', { class: 'fault', id: 'fault-form' },
    field('Kind', h('select', { name: 'kind', required: true }, kinds.map(k => h('option', { value: k }, k)))),
    field('Service', h('select', { name: 'service', required: true }, services.map(s => h('option', { value: s }, s)))),
    field('Instance (optional)', h('input', { name: 'instance', placeholder: 'payments-2', size: 12 })),
    field('Route starts with', h('input', { name: 'route', placeholder: '/payments', size: 12 })),
    field('Method', h('select', { name: 'method' }, ['', 'GET', 'POST', 'PUT', 'DELETE'].map(m => h('option', { value: m }, m || 'any')))),
    field('Header name', h('input', { name: 'headerName', size: 10 })),
    field('Header value', h('input', { name: 'headerValue', size: 10 })),
    field('Probability (0–1)', h('input', { name: 'probability', type: 'number', min: 0, max: 1, step: 0.05, size: 5 })),
    field('Seed', h('input', { name: 'seed', type: 'number', step: 1, size: 6 })),
    field('Parameters (key=value, one a line)', h('textarea', { name: 'parameters', rows: 2, cols: 24,
      placeholder: 'status=503' })),
    field('Duration', h('input', { name: 'duration', value: '60s', required: true, size: 6 })),
    h('button', { type: 'submit' }, 'Add fault'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const answer = await post('/api/faults', envelope(new FormData(form)));
      show(message, h('p', { role: 'status' }, `Applied on ${answer.applied.map(a => a.process).join(', ')}.`));
      await refresh(list);
    } catch (error) {
      show(message, problem(error));
    }
  });
  const clearAll = h('button', { class: 'secondary', type: 'button', onclick: async () => {
    try { await del('/api/faults'); await refresh(list); } catch (error) { show(message, problem(error)); }
  } }, 'Clear all faults');
  show(main, h('h1', {}, 'Faults'), h('h2', {}, 'Active'), list, clearAll, h('h2', {}, 'Add a fault'), message, form);
  await refresh(list);
  setInterval(() => refresh(list).catch(() => status('the console does not answer')), 2000);
}

function field(label, input) {
  return h('label', {}, label, input);
}

/** The form as the admin API's fault envelope. */
function envelope(data) {
  const text = name => (data.get(name) || '').trim();
  const parameters = {};
  for (const line of text('parameters').split('\n')) {
    const at = line.indexOf('=');
    if (at < 1) continue;
    const value = line.slice(at + 1).trim();
    parameters[line.slice(0, at).trim()] = /^-?\d+(\.\d+)?$/.test(value) ? Number(value)
      : value === 'true' || value === 'false' ? value === 'true' : value;
  }
  const target = { service: text('service') };
  if (text('instance')) target.instance = text('instance');
  if (text('route')) target.route = text('route');
  if (text('method')) target.method = text('method');
  if (text('headerName')) target.header = { name: text('headerName'), value: text('headerValue') };
  const fault = { kind: text('kind'), target, parameters, duration: text('duration') };
  if (text('probability')) fault.probability = Number(text('probability'));
  if (text('seed')) fault.seed = Number(text('seed'));
  return fault;
}

async function refresh(list) {
  const answer = await get('/api/faults');
  const rows = answer.faults.map(item => h('tr', { 'data-fault': item.fault.id },
    h('td', {}, item.process), h('td', {}, item.fault.kind),
    h('td', { class: 'mono' }, JSON.stringify(item.fault.parameters || {})),
    h('td', { class: 'num' }, `${Math.round(item.fault.remainingMs / 1000)} s`),
    h('td', {}, h('button', { class: 'secondary', type: 'button', onclick: async () => {
      await del(`/api/faults/${encodeURIComponent(item.process)}/${encodeURIComponent(item.fault.id)}`);
      await refresh(list);
    } }, 'Clear'))));
  show(list, rows.length === 0 ? h('p', { class: 'muted' }, 'No fault is active.')
    : h('table', {}, h('thead', {}, h('tr', {}, ['process', 'kind', 'parameters', 'time left', ''].map(t => h('th', {}, t)))),
      h('tbody', {}, rows)),
    answer.unreachable.length ? h('p', { class: 'muted' }, `Not answering: ${answer.unreachable.join(', ')}`) : null);
}
