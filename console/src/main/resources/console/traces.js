// Traces: the recent ones, filtered; and one trace as a waterfall with every span's attributes and events (retries,
// timeouts, breaker rejections, bulkhead refusals, fallbacks, injected faults) and the log lines of that trace beside.
import { h, show, get, millis, time, state, status } from './dom.js';

const FILTERS = [['service', 'Service'], ['route', 'Route or name'], ['status', 'HTTP status'], ['minMs', 'At least (ms)']];

export async function drawTraces(main) {
  const params = new URLSearchParams(location.search);
  const form = h('form', { class: 'filters', method: 'get', action: '/traces' },
    FILTERS.map(([name, label]) => h('label', {}, label, h('input', { name, value: params.get(name) || '', size: 12 }))),
    h('label', {}, h('span', {}, 'Errors only'), h('input', { type: 'checkbox', name: 'error', value: 'true',
      checked: params.get('error') === 'true' })),
    h('label', {}, h('span', {}, 'Hit by a fault'), h('input', { type: 'checkbox', name: 'faulted', value: 'true',
      checked: params.get('faulted') === 'true' })),
    h('button', { type: 'submit' }, 'Filter'));
  const answer = await get(`/api/traces?${params}`);
  const telemetry = await get('/api/telemetry');
  const rows = answer.traces.map(trace => h('tr', { 'data-trace': trace.traceId },
    h('td', {}, time(trace.startNanos / 1e6)),
    h('td', {}, h('a', { href: `/traces/${trace.traceId}` }, trace.name)),
    h('td', {}, trace.services.join(', ')),
    h('td', { class: 'num' }, trace.statusCode || '–'),
    h('td', { class: 'num' }, millis(trace.durationMillis)),
    h('td', { class: 'num' }, trace.spans),
    h('td', {}, trace.error ? state('error') : null, trace.faulted ? h('span', { class: 'tag fault' }, 'fault') : null)));
  show(main, h('h1', {}, 'Traces'),
    h('p', { class: 'muted' }, `Received at ${telemetry.otlp}; keeping ${answer.store.spans} of at most `
      + `${answer.store.capacity} spans (${answer.store.evictedSpans} let go to make room).`),
    form,
    rows.length === 0 ? h('p', { class: 'muted' }, 'No trace matches.')
      : h('table', {}, h('thead', {}, h('tr', {}, ['time', 'trace', 'services', 'status', 'duration', 'spans', '']
        .map(t => h('th', {}, t)))), h('tbody', {}, rows)));
  status(`${answer.traces.length} traces`);
}

export async function drawTrace(main, traceId) {
  const trace = await get(`/api/traces/${traceId}`);
  const start = Math.min(...trace.spans.map(span => span.startNanos));
  const end = Math.max(...trace.spans.map(span => span.endNanos));
  const total = Math.max(1, end - start);
  const detail = h('section', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Choose a span to see its attributes.'));
  const depth = depths(trace.spans);
  const rows = [];
  for (const span of trace.spans) {
    const left = ((span.startNanos - start) / total) * 100;
    const width = ((span.endNanos - span.startNanos) / total) * 100;
    const events = span.events.map(event => h('span', { class: 'event', title: event.name,
      style: `left:${((event.timeNanos - start) / total) * 100}%` }));
    const faulted = span.events.some(event => event.name === 'chaos.fault');
    rows.push(h('div', { class: 'label', style: `padding-left:${depth.get(span.spanId) * 14}px` },
      h('button', { type: 'button', 'data-span': span.spanId, onclick: () => show(detail, spanDetail(span, start)) },
        `${span.instance} · ${span.name} `, h('span', { class: 'muted' }, millis((span.endNanos - span.startNanos) / 1e6))),
      span.error ? h('span', { class: 'tag' }, 'error') : null,
      faulted ? h('span', { class: 'tag fault' }, 'fault') : null,
      span.events.filter(event => event.name !== 'chaos.fault').map(event => h('span', { class: 'tag' }, event.name))));
    rows.push(h('div', { class: 'track' }, h('span', { class: `bar${span.error ? ' error' : ''}`,
      style: `left:${left}%;width:${Math.max(width, 0.2)}%` }), events));
  }
  const logs = trace.logs.length === 0 ? h('p', { class: 'muted' }, 'No log line was written in this trace.')
    : h('table', { id: 'trace-logs' }, h('tbody', {}, trace.logs.slice().reverse().map(log => h('tr', {},
      h('td', {}, time(log.timeNanos / 1e6)), h('td', {}, log.instance), h('td', {}, state(log.severity)),
      h('td', {}, log.body)))));
  show(main, h('h1', {}, `Trace ${traceId}`),
    h('p', {}, `${trace.spans.length} spans across ${[...new Set(trace.spans.map(s => s.instance))].join(', ')}, `
      + millis(total / 1e6)),
    h('div', { class: 'split' }, h('div', {}, h('div', { class: 'waterfall', role: 'list' }, rows), detail),
      h('aside', {}, h('h2', {}, 'Log lines of this trace'), logs)));
  const faultedSpan = trace.spans.find(span => span.events.some(event => event.name === 'chaos.fault'));
  show(detail, spanDetail(faultedSpan || trace.spans[0], start));
  status(`trace ${traceId}`);
}

function spanDetail(span, start) {
  return h('div', { class: 'card', 'data-span-detail': span.spanId },
    h('h2', {}, `${span.name} (${span.kind}, ${span.instance})`),
    h('table', {}, h('tbody', {}, Object.entries(span.attributes).map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))))),
    h('h2', {}, 'Events'),
    span.events.length === 0 ? h('p', { class: 'muted' }, 'none')
      : h('ul', { class: 'events' }, span.events.map(event => h('li', { 'data-event': event.name },
        h('strong', {}, event.name), ` +${millis((event.timeNanos - start) / 1e6)} `,
        h('span', { class: 'mono' }, Object.entries(event.attributes).map(([k, v]) => `${k}=${v}`).join(' '))))));
}

/** How deep each span is below the trace's roots (spans whose parent was not received count as roots). */
function depths(spans) {
  const parents = new Map(spans.map(span => [span.spanId, span.parentSpanId]));
  const depth = new Map();
  for (const span of spans) {
    let d = 0;
    let parent = span.parentSpanId;
    while (parent && parents.has(parent) && d < 50) {
      d++;
      parent = parents.get(parent);
    }
    depth.set(span.spanId, d);
  }
  return depth;
}
