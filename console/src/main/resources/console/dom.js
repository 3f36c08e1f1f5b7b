// Small helpers shared by every page: building elements (text is never parsed as HTML), the JSON API, formatting.

/** An element with attributes and children (strings become text nodes). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElementNS(tag === 'svg' || attributes.svg ? 'http://www.w3.org/2000/svg'
    : 'http://www.w3.org/1999/xhtml', tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'svg' || value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** An SVG element. */
export function s(tag, attributes = {}, ...children) {
  return h(tag, { ...attributes, svg: true }, ...children);
}

export function show(container, ...content) {
  container.replaceChildren(...content);
}

export async function get(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  return answer(response);
}

let token;
async function csrf() {
  if (!token) token = (await get('/api/session')).token;
  return token;
}

export async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json',
    'X-Faultline-Token': await csrf() }, body: body === undefined ? '' : JSON.stringify(body) });
  return answer(response);
}

export async function del(path) {
  const response = await fetch(path, { method: 'DELETE', headers: { 'X-Faultline-Token': await csrf() } });
  return answer(response);
}

async function answer(response) {
  const text = await response.text();
  const body = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = new Error(body.detail || body.title || response.statusText);
    error.problem = body;
    throw error;
  }
  return body;
}

/** A problem+json answer as the page shows it: its detail and every field error. */
export function problem(error) {
  const fields = (error.problem && error.problem.errors) || [];
  return h('div', { class: 'problem', role: 'alert' }, h('strong', {}, error.message),
    fields.length ? h('ul', {}, fields.map(f => h('li', {}, `${f.field} ${f.message}`))) : null);
}

export function number(value, digits = 1) {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : Number(value).toFixed(digits);
}

export function millis(value) {
  if (value === null || value === undefined) return '–';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

export function time(epochMillis) {
  return new Date(epochMillis).toLocaleTimeString();
}

export function status(text) {
  document.getElementById('status').textContent = text;
}

/** A state as text and as a class (its colour): never by colour alone. */
export function state(text) {
  return h('span', { class: `state ${text}` }, text);
}
