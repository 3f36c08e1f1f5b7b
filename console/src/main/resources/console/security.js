// The security page: who may call what (each route's scopes, as the gateway states them), the access tokens the
// gateway refuses now by reason, and a token decoder that runs the gateway's checks in the gateway's order in this
// browser and names the first one a pasted token fails. The token is never sent anywhere: the page fetched the
// gateway's policy and the issuer's public keys before, and checks the signature with WebCrypto.
import { h, show, get, status } from './dom.js';

const EVERY_MS = 2000;

export async function drawSecurity(main) {
  let { policy, issuer } = await get('/api/security');
  const words = Object.fromEntries(policy.checks.map(c => [c.reason, c.check]));
  const clock = { offsetMs: 0 };
  const refusals = h('tbody', { id: 'rejections' });
  const quiet = h('p', { class: 'muted', id: 'rejections-quiet' });
  const verdict = h('div', { id: 'token-verdict', 'aria-live': 'polite' });
  const decoded = h('div', { id: 'token-decoded' });
  const input = h('textarea', { id: 'token', rows: 5, cols: 80, spellcheck: 'false', autocomplete: 'off',
    placeholder: 'Paste an access token (eyJ…): it is checked here and sent nowhere' });
  let pasted = 0;
  input.addEventListener('input', async () => {
    const token = input.value.trim();
    const mine = ++pasted;
    if (!token) { show(verdict); show(decoded); return; }
    let result = await judge(token, policy, issuer, clock);
    if (result.reason === 'unknown-key') {
      // the issuer may have published a key since the page loaded: fetch its keys once more, as the gateway does
      ({ policy, issuer } = await get('/api/security'));
      result = await judge(token, policy, issuer, clock);
    }
    // a check still under way for an earlier paste does not overwrite the verdict on a later one
    if (mine === pasted) drawVerdict(verdict, decoded, result, words, policy);
  });
  show(main,
    h('h1', {}, 'Security'),
    h('p', {}, `The gateway admits ${policy.mode === 'both' ? 'API keys and access tokens' : policy.mode === 'jwt'
      ? 'access tokens only' : 'API keys only'}. Tokens come from ${issuer.issuer || policy.discovery}, for audience `,
      h('code', {}, policy.audience), `, signed with ${policy.algorithms.join(' or ')}, at most ${policy.maxTokenBytes}`
      + ` bytes, living at most ${policy.maxLifetimeSeconds} s, judged with ${policy.clockSkewSeconds} s of clock skew.`),
    h('h2', {}, 'Who may call what'), routes(policy),
    h('h2', {}, 'Check a token'),
    ...(issuer.unreachable ? [h('p', { class: 'warning' }, issuer.unreachable)] : []),
    h('label', { for: 'token' }, 'Access token'), input, verdict, decoded,
    h('h2', {}, 'Tokens refused'),
    h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, h('th', {}, 'Reason'), h('th', {}, 'The check'),
      h('th', { class: 'num' }, 'Refused'), h('th', { class: 'num' }, 'Per second now'))), refusals), quiet);
  const previous = { time: 0, byReason: {} };
  const refresh = async () => {
    const now = await get('/api/security/rejections');
    clock.offsetMs = now.time - Date.now();
    drawRefusals(refusals, quiet, now, previous, words);
    Object.assign(previous, now);
  };
  await refresh();
  setInterval(() => refresh().catch(() => status('the console does not answer')), EVERY_MS);
}

function routes(policy) {
  const rows = [];
  for (const route of policy.routes) {
    const methods = Object.entries(route.scopes);
    if (methods.length === 0) {
      rows.push(h('tr', {}, h('td', {}, h('code', {}, route.prefix)), h('td', {}, route.service), h('td', {}, 'any'),
        h('td', {}, 'API keys only')));
    }
    for (const [method, scope] of methods) {
      rows.push(h('tr', { 'data-route': `${method} ${route.prefix}` }, h('td', {}, h('code', {}, route.prefix)),
        h('td', {}, route.service), h('td', {}, method), h('td', {}, h('code', {}, scope))));
    }
  }
  return h('table', { class: 'grid', id: 'routes' }, h('thead', {}, h('tr', {}, h('th', {}, 'Path'),
    h('th', {}, 'Service'), h('th', {}, 'Method'), h('th', {}, 'Scope a token needs'))), h('tbody', {}, rows));
}

/** The reasons with refusals, most first; the checks nothing failed yet in one line below. */
function drawRefusals(body, quiet, now, previous, words) {
  const seconds = previous.time ? (now.time - previous.time) / 1000 : 0;
  const refused = Object.entries(now.byReason).filter(([, total]) => total > 0);
  const none = Object.keys(words).filter(reason => !(now.byReason[reason] > 0));
  show(quiet, refused.length ? `No token refused yet by: ${none.join(', ')}.` : 'No token refused yet.');
  const rows = refused.sort((a, b) => b[1] - a[1]).map(([reason, total]) => {
    const rate = seconds > 0 ? Math.max(0, total - (previous.byReason[reason] || 0)) / seconds : 0;
    return h('tr', { 'data-reason': reason, class: rate > 0 ? 'hot' : null }, h('td', {}, h('code', {}, reason)),
      h('td', {}, words[reason] || ''), h('td', { class: 'num' }, String(Math.round(total))),
      h('td', { class: 'num' }, rate.toFixed(1)));
  });
  show(body, ...rows);
}

function drawVerdict(verdict, decoded, result, words, policy) {
  if (result.reason) {
    show(verdict, h('p', { class: 'refused', 'data-reason': result.reason }, 'The gateway would refuse it: ',
      h('code', {}, result.reason), ` (${words[result.reason] || result.reason}). ${result.detail}`));
  } else {
    const may = [];
    for (const route of policy.routes) {
      for (const [method, scope] of Object.entries(route.scopes)) {
        if (result.scopes.includes(scope)) may.push(`${method} ${route.prefix}`);
      }
    }
    show(verdict, h('p', { class: 'accepted', 'data-reason': 'none' }, 'The gateway would accept it. ',
      result.signatureChecked ? '' : 'Its signature could not be checked here. ',
      may.length ? `It may call ${may.join(', ')}.` : 'Its scope lets it call no route.'));
  }
  show(decoded, ...[result.header && h('pre', { id: 'token-header' }, JSON.stringify(result.header, null, 2)),
    result.claims && h('pre', { id: 'token-claims' }, JSON.stringify(result.claims, null, 2))].filter(Boolean));
}

const REQUIRED_CLAIMS = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'];

/** The gateway's checks in its order (AccessTokenVerifier): the first that fails, or the token's scopes. */
async function judge(token, policy, issuer, clock) {
  const refused = (reason, detail, parts = {}) => ({ reason, detail, ...parts });
  if (token.length > policy.maxTokenBytes) {
    return refused('token-too-large', `It is ${token.length} bytes; the gateway reads at most ${policy.maxTokenBytes}.`);
  }
  const parts = token.split('.');
  let header;
  let claims;
  try {
    header = JSON.parse(text(parts[0]));
    if (parts.length === 3) claims = JSON.parse(text(parts[1]));
  } catch (error) {
    return refused('token-malformed', 'Its parts are not base64url-encoded JSON.');
  }
  if (parts.length !== 3 || typeof header !== 'object' || header === null || typeof claims !== 'object'
    || claims === null) {
    return parts.length === 5 ? refused('algorithm-not-allowed', 'It is encrypted (five parts), not signed.', { header })
      : refused('token-malformed', `A signed JWT has three parts; this has ${parts.length}.`, { header });
  }
  const seen = { header, claims };
  if (!policy.algorithms.includes(header.alg)) {
    return refused('algorithm-not-allowed', `It is signed with ${header.alg}; accepted: ${policy.algorithms.join(', ')}.`, seen);
  }
  if (header.typ !== 'at+jwt') {
    return refused('wrong-token-type', `Its typ is ${header.typ}; an access token's is at+jwt.`, seen);
  }
  if (Array.isArray(header.crit) && header.crit.length > 0) {
    return refused('unknown-critical-header', `It marks ${header.crit.join(', ')} critical.`, seen);
  }
  let signatureChecked = false;
  if (Array.isArray(issuer.keys)) {
    const key = issuer.keys.find(k => k.kid === header.kid);
    if (!key) {
      return refused('unknown-key', `Its kid ${header.kid} is not among the issuer's published keys.`, seen);
    }
    const verified = await verify(key, header.alg, parts);
    if (verified === false) {
      return refused('bad-signature', `The issuer's key ${header.kid} does not verify its signature.`, seen);
    }
    signatureChecked = verified === true;
  }
  // Nimbus's claims verifier, in its order: audience, required claims, issuer, expiry, not-before
  const audiences = claims.aud === undefined || claims.aud === null ? [] : [claims.aud].flat();
  if (audiences.length && !audiences.includes(policy.audience)) {
    return refused('wrong-audience', `It is for ${audiences.join(', ')}, not ${policy.audience}.`, seen);
  }
  const missing = REQUIRED_CLAIMS.filter(name => claims[name] === undefined || claims[name] === null);
  if (missing.length) {
    return refused('missing-claim', `It lacks ${missing.join(', ')}.`, seen);
  }
  if (issuer.issuer && claims.iss !== issuer.issuer) {
    return refused('wrong-issuer', `It was issued by ${claims.iss}, not ${issuer.issuer}.`, seen);
  }
  const now = Math.floor((Date.now() + clock.offsetMs) / 1000);
  const skew = policy.clockSkewSeconds;
  if (claims.exp < now - skew) {
    return refused('token-expired', `It expired ${now - claims.exp} s ago (allowed skew ${skew} s).`, seen);
  }
  if (typeof claims.nbf === 'number' && claims.nbf > now + skew) {
    return refused('token-not-yet-valid', `It is valid from ${claims.nbf - now} s from now.`, seen);
  }
  if (claims.iat > now + skew) {
    return refused('issued-in-the-future', `It says it was issued ${claims.iat - now} s from now.`, seen);
  }
  if (claims.exp - claims.iat > policy.maxLifetimeSeconds) {
    return refused('lifetime-too-long', `It lives ${claims.exp - claims.iat} s; at most ${policy.maxLifetimeSeconds} s.`, seen);
  }
  if (claims.scope !== undefined && typeof claims.scope !== 'string') {
    return refused('scope-not-a-string', 'Its scope is not one space-delimited string.', seen);
  }
  if (typeof claims.sub !== 'string' || typeof claims.client_id !== 'string') {
    return refused('missing-claim', 'Its sub and client_id must be strings.', seen);
  }
  return { ...seen, signatureChecked, scopes: (claims.scope || '').split(' ').filter(Boolean) };
}

/** true or false for an ES256 signature checked here; null where this browser cannot check it. */
async function verify(jwk, alg, parts) {
  if (alg !== 'ES256' || !globalThis.crypto?.subtle) return null;
  try {
    const key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
      { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    // a JWS carries ECDSA's r and s side by side (RFC 7518 section 3.4), as WebCrypto takes them
    return await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, bytes(parts[2]),
      new TextEncoder().encode(`${parts[0]}.${parts[1]}`));
  } catch (error) {
    return false;
  }
}

function bytes(base64url) {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - base64.length % 4) % 4));
  return Uint8Array.from(binary, c => c.charCodeAt(0));
}

function text(base64url) {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes(base64url));
}
