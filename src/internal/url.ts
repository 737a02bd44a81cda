/**
 * Go's `net/url.ParseRequestURI`, which Verrazzano's VMC webhook uses to check the admin server
 * URL (W11). Only success or the error text matters here; the parsed parts are returned for callers
 * that need the scheme and host.
 */
export interface ParsedRequestUri {
  readonly scheme: string;
  readonly host: string;
  readonly opaque: boolean;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function getScheme(raw: string): { scheme: string; rest: string } | { error: string } {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] ?? '';
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) return { error: 'missing protocol scheme' };
      return { scheme: raw.slice(0, i), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

function validEscapes(text: string): boolean {
  for (let i = text.indexOf('%'); i !== -1; i = text.indexOf('%', i + 1)) {
    if (!/^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) return false;
  }
  return true;
}

function parseAuthority(authority: string): { host: string } | { error: string } {
  const at = authority.lastIndexOf('@');
  const host = at === -1 ? authority : authority.slice(at + 1);
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo) || !validEscapes(userinfo)) {
      return { error: 'net/url: invalid userinfo' };
    }
  }
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close === -1) return { error: "missing ']' in host" };
    const port = host.slice(close + 1);
    if (port !== '' && !/^:[0-9]*$/.test(port))
      return { error: `invalid port ${JSON.stringify(port)} after host` };
    return { host };
  }
  const colon = host.lastIndexOf(':');
  if (colon !== -1 && !/^:[0-9]*$/.test(host.slice(colon))) {
    return { error: `invalid port ${JSON.stringify(host.slice(colon))} after host` };
  }
  if (!validEscapes(host) || /[^A-Za-z0-9\-._~!$&'()*+,;=:%]/.test(host)) {
    return {
      error: `invalid character ${JSON.stringify(/[^A-Za-z0-9\-._~!$&'()*+,;=:%]/.exec(host)?.[0] ?? '%')} in host name`,
    };
  }
  return { host };
}

/** Parses like Go's url.ParseRequestURI: an absolute URI or an absolute path. */
export function parseRequestUri(raw: string): ParsedRequestUri | { error: string } {
  if (CONTROL.test(raw)) return { error: 'net/url: invalid control character in URL' };
  if (raw === '') return { error: 'empty url' };
  if (raw === '*') return { scheme: '', host: '', opaque: false };
  const schemeResult = getScheme(raw);
  if ('error' in schemeResult) return schemeResult;
  const scheme = schemeResult.scheme.toLowerCase();
  let rest = schemeResult.rest;
  const q = rest.indexOf('?');
  if (q !== -1) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { scheme, host: '', opaque: true };
    return { error: 'invalid URI for request' };
  }
  let host = '';
  if (scheme !== '' && rest.startsWith('//')) {
    let authority = rest.slice(2);
    const slash = authority.indexOf('/');
    rest = slash === -1 ? '' : authority.slice(slash);
    authority = slash === -1 ? authority : authority.slice(0, slash);
    const parsed = parseAuthority(authority);
    if ('error' in parsed) return parsed;
    host = parsed.host;
  }
  if (!validEscapes(rest)) return { error: 'invalid URL escape' };
  return { scheme, host, opaque: false };
}
