// Logs: the recent records of every process, filtered by process, level, text and trace id; each links to its trace.
import { h, show, get, time, state, status } from './dom.js';

export async function drawLogs(main) {
  const params = new URLSearchParams(location.search);
  const map = await get('/api/map');
  const form = h('form', { class: 'filters', method: 'get', action: '/logs' },
    h('label', {}, 'Process', h('select', { name: 'process' }, h('option', { value: '' }, 'all'),
      map.nodes.map(n => h('option', { value: n.name, selected: params.get('process') === n.name }, n.name)))),
    h('label', {}, 'Level at least', h('select', { name: 'level' }, ['', 'DEBUG', 'INFO', 'WARN', 'ERROR']
      .map(l => h('option', { value: l, selected: params.get('level') === l }, l || 'any')))),
    h('label', {}, 'Text', h('input', { name: 'q', value: params.get('q') || '', size: 18 })),
    h('label', {}, 'Trace id', h('input', { name: 'traceId', value: params.get('traceId') || '', size: 34 })),
    h('button', { type: 'submit' }, 'Filter'));
  const answer = await get(`/api/logs?${params}`);
  const rows = answer.logs.map(log => h('tr', {},
    h('td', {}, time(log.timeNanos / 1e6)), h('td', {}, log.instance), h('td', {}, state(log.severity)),
    h('td', {}, log.body), h('td', { class: 'mono' }, log.logger),
    h('td', {}, log.traceId ? h('a', { href: `/traces/${log.traceId}` }, log.traceId.slice(0, 8) + '…') : '')));
  show(main, h('h1', {}, 'Logs'),
    h('p', { class: 'muted' }, `Keeping ${answer.store.records} of at most ${answer.store.capacity} records `
      + `(${answer.store.evicted} let go to make room).`),
    form, rows.length === 0 ? h('p', { class: 'muted' }, 'No record matches.')
      : h('table', {}, h('thead', {}, h('tr', {}, ['time', 'process', 'level', 'message', 'logger', 'trace']
        .map(t => h('th', {}, t)))), h('tbody', {}, rows)));
  status(`${answer.logs.length} records`);
}
