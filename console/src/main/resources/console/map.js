// The map: the shop as a graph, live. Columns by depth from the gateway; an edge per caller and service, with its
// rate, error share, p99 and the caller's breaker for it (as text and colour), dashed for messages through the
// broker (publish into it, consume out of it); a node per process with its health,
// rate, errors, p99, faults with time left and restarts.
import { h, s, show, get, number, millis, status } from './dom.js';

const WIDTH = 1200;
const NODE_W = 230;
const NODE_H = 118;

export async function drawMap(main) {
  const svg = s('svg', { class: 'map', viewBox: `0 0 ${WIDTH} 640`, role: 'img', 'aria-label': 'The shop as a graph' });
  const table = h('table', { 'aria-label': 'Calls between processes' });
  show(main, h('h1', {}, 'The shop, live'), svg, h('h2', {}, 'Calls'), table);
  render(svg, table, await get('/api/map'));
  const events = new EventSource('/api/events');
  events.addEventListener('map', event => {
    render(svg, table, JSON.parse(event.data));
    status(`live · ${new Date().toLocaleTimeString()}`);
  });
  events.onerror = () => status('reconnecting…');
  window.addEventListener('pagehide', () => events.close());
}

function render(svg, table, map) {
  const layout = place(map);
  const edges = map.edges.map(edge => drawEdge(edge, layout, map));
  const nodes = map.nodes.map(node => drawNode(node, layout.get(node.name)));
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${layout.height}`);
  svg.replaceChildren(s('title', {}, 'The shop as a graph'), ...edges, ...nodes);
  table.replaceChildren(h('thead', {}, h('tr', {}, ['caller', 'service', 'requests/s', 'errors %', 'p99', 'breaker', 'TLS']
    .map((t, i) => h('th', { class: i >= 2 && i <= 4 ? 'num' : '' }, t)))), h('tbody', {}, map.edges.map(edge => h('tr', { 'data-edge': `${edge.from}->${edge.to}` },
    h('td', {}, edge.from), h('td', {}, edge.to), h('td', { class: 'num' }, number(edge.rps)),
    h('td', { class: 'num' }, number(edge.errorPct)), h('td', { class: 'num' }, millis(edge.p99Ms)),
    h('td', {}, h('span', { class: `state ${edge.breaker}` }, edge.kind === 'message' ? 'async' : edge.breaker)),
    h('td', { class: 'tls' }, tls(edge))))));
}

/** Under mutual TLS, a lock and the identity the client's certificate carries; nothing on a plain edge. */
function tls(edge) {
  return edge.mutualTls ? `\u{1F512} mTLS, client ${edge.client}` : '';
}

/** Depth from the gateway by the calls seen; processes of one service stacked in their column. */
function place(map) {
  const services = new Map();
  for (const node of map.nodes) {
    if (!services.has(node.service)) services.set(node.service, []);
    services.get(node.service).push(node.name);
  }
  // longest path from the gateway: a service another service calls sits right of its caller
  const depth = new Map([['gateway', 0]]);
  const calls = map.edges.map(edge => [serviceOf(map, edge.from), edge.to]);
  for (let round = 0; round < 6; round++) {
    for (const [from, to] of calls) {
      if (depth.has(from) && from !== to && (depth.get(to) ?? -1) < depth.get(from) + 1) depth.set(to, depth.get(from) + 1);
    }
  }
  const known = { gateway: 0, users: 1, catalog: 1, orders: 1, auth: 1, payments: 2, shipping: 2, broker: 2 };
  const columns = new Map();
  for (const service of services.keys()) {
    const column = depth.has(service) ? depth.get(service) : (known[service] ?? 3);
    if (!columns.has(column)) columns.set(column, []);
    columns.get(column).push(service);
  }
  const layout = new Map();
  let height = 200;
  const count = Math.max(...columns.keys()) + 1;
  for (const [column, inColumn] of columns) {
    let y = 20;
    const x = 20 + column * ((WIDTH - NODE_W - 40) / Math.max(1, count - 1));
    for (const service of inColumn) {
      for (const process of services.get(service)) {
        layout.set(process, { x, y });
        y += NODE_H + 22;
      }
      y += 14;
    }
    height = Math.max(height, y);
  }
  layout.height = height;
  return layout;
}

function serviceOf(map, process) {
  const node = map.nodes.find(n => n.name === process);
  return node ? node.service : process;
}

function drawEdge(edge, layout, map) {
  const from = layout.get(edge.from);
  const targets = map.nodes.filter(n => n.service === edge.to).map(n => layout.get(n.name)).filter(Boolean);
  if (!from || targets.length === 0) return s('g');
  const x2 = targets[0].x;
  const y2 = targets.reduce((sum, t) => sum + t.y, 0) / targets.length + NODE_H / 2;
  const x1 = from.x + NODE_W;
  const y1 = from.y + NODE_H / 2;
  // a message edge is asynchronous: nobody waits on it, so it has a rate and failures but no latency or breaker
  const label = edge.kind === 'message'
    ? `${number(edge.rps)} msg/s · ${number(edge.errorPct)}% failed · async`
    : `${number(edge.rps)}/s · ${number(edge.errorPct)}% err · p99 ${millis(edge.p99Ms)} · breaker ${edge.breaker}`;
  return s('g', { class: `edge ${edge.breaker} ${edge.kind}${edge.mutualTls ? ' mtls' : ''}`, 'data-edge': `${edge.from}->${edge.to}` },
    s('title', {}, `${edge.from} → ${edge.to}: ${label}${edge.mutualTls ? ` · ${tls(edge)}` : ''}`),
    s('line', { x1, y1, x2, y2 }),
    s('text', { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 6, 'text-anchor': 'middle' },
      `${edge.mutualTls ? '\u{1F512} ' : ''}→ ${edge.to}`),
    s('text', { x: (x1 + x2) / 2, y: (y1 + y2) / 2 + 12, 'text-anchor': 'middle' }, label));
}

function drawNode(node, at) {
  if (!at) return s('g');
  const faults = node.faults.map(f => `${f.kind} ${f.remainingSeconds}s`).join(', ');
  const classes = ['node', node.health, node.faults.length ? 'faulted' : ''].join(' ');
  return s('g', { class: classes, transform: `translate(${at.x},${at.y})`, 'data-process': node.name },
    s('title', {}, `${node.name}: ${node.health}`),
    s('rect', { width: NODE_W, height: NODE_H, rx: 8 }),
    s('text', { class: 'title', x: 10, y: 22 }, node.name),
    s('text', { x: NODE_W - 10, y: 22, 'text-anchor': 'end', class: `state ${node.health}` }, node.health),
    s('text', { x: 10, y: 46 }, `${number(node.rps)} req/s · ${number(node.errorPct)}% err`),
    s('text', { x: 10, y: 66 }, `p99 ${millis(node.p99Ms)} · restarts ${node.restarts}`),
    s('text', { x: 10, y: 88 }, faults ? `faults: ${faults}` : 'no fault'),
    s('text', { x: 10, y: 108, class: 'muted' }, Object.entries(node.breakers || {}).map(([k, v]) => `${k}:${v}`).join(' ')));
}
