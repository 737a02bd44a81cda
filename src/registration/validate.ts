/**
 * Checks a registration before anything is created: the VMC webhook's rules (W9–W11), the names
 * Verrazzano should have rejected (`local`, B33; a cluster name that is not a DNS-1123 label), and
 * the inputs (server URL, CA bundle, token).
 */
import { parseRequestUri } from '../internal/url.js';
import { admitManagedCluster, type AdmissionContext } from '../validation/admission.js';
import { IssueCode, Severity } from '../model/issues.js';
import { isDns1123Label } from '../validation/k8s-rules.js';
import { LOCAL_CLUSTER } from '../model/names.js';
import type { Finding } from '../validation/validate.js';
import type { VerrazzanoManagedCluster } from '../model/verrazzano.js';

/** Options for {@link validateRegistration}. */
export interface ValidateRegistrationOptions {
  /** Accept an `http://` admin server (no TLS). Off by default: the token would cross the network in clear. */
  readonly allowInsecureHttp?: boolean;
  /** The VMC webhook's context (W10, W11). */
  readonly admission?: AdmissionContext;
}

const error = (code: Finding['code'], path: Finding['path'], message: string, ruleId?: string): Finding =>
  ruleId
    ? { code, severity: Severity.Error, message, path, ruleId }
    : { code, severity: Severity.Error, message, path };

/** Checks that a CA bundle is PEM: one or more CERTIFICATE blocks of valid base64, nothing else. */
export function pemProblem(bundle: string): string | undefined {
  const text = bundle.trim();
  if (text === '') return 'the CA bundle is empty';
  const blocks = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----/g)];
  if (blocks.length === 0) return 'the CA bundle is not PEM: no "-----BEGIN CERTIFICATE-----" block';
  for (const block of blocks) {
    if (block[1] !== 'CERTIFICATE')
      return `the CA bundle holds a ${block[1] ?? ''} block; only CERTIFICATE blocks belong there`;
    const body = (block[2] ?? '').replace(/\s+/g, '');
    if (body === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0)
      return 'the CA bundle has a CERTIFICATE block that is not valid base64';
  }
  const rest = blocks.reduce((t, b) => t.replace(b[0], ''), text).trim();
  if (rest !== '') return 'the CA bundle has text outside its PEM blocks';
  return undefined;
}

/** Checks the admin server URL: absolute, https (unless allowed), with a host. */
export function serverUrlProblem(
  server: string,
  allowInsecureHttp = false,
):
  | {
      /** `registration/invalid-server-url` or `registration/insecure-server-url`. */
      code: Finding['code'];
      /** What is wrong. */
      message: string;
    }
  | undefined {
  const parsed = parseRequestUri(server);
  if ('error' in parsed)
    return {
      code: IssueCode.InvalidServerUrl,
      message: `invalid admin server URL "${server}": ${parsed.error}`,
    };
  if (parsed.scheme !== 'https' && parsed.scheme !== 'http') {
    return {
      code: IssueCode.InvalidServerUrl,
      message: `invalid admin server URL "${server}": the scheme must be https`,
    };
  }
  if (parsed.host === '')
    return { code: IssueCode.InvalidServerUrl, message: `invalid admin server URL "${server}": no host` };
  if (parsed.scheme === 'http' && !allowInsecureHttp) {
    return {
      code: IssueCode.InsecureServerUrl,
      message: `the admin server URL "${server}" is not https: the agent's token would travel in clear text (allow it explicitly to go on)`,
    };
  }
  return undefined;
}

/**
 * Validates a registration: the VMC and the inputs. Returns findings (empty when valid).
 *
 * @example
 * validateRegistration(vmc, { adminServer: 'http://admin:6443', adminCaBundle: 'not pem' })
 * //=> [{ code: 'registration/insecure-server-url', … }, { code: 'registration/invalid-ca-bundle', … }]
 */
export function validateRegistration(
  vmc: VerrazzanoManagedCluster,
  inputs: { readonly adminServer: string; readonly adminCaBundle: string; readonly token?: string },
  options: ValidateRegistrationOptions = {},
): Finding[] {
  const out: Finding[] = [];
  const name = vmc.metadata.name ?? '';
  out.push(...admitManagedCluster(vmc, options.admission));
  if (name === LOCAL_CLUSTER) {
    out.push(
      error(
        IssueCode.VmcReservedName,
        ['metadata', 'name'],
        'the name "local" is reserved for the admin cluster itself',
        'B33',
      ),
    );
  } else {
    for (const message of isDns1123Label(name)) {
      out.push(
        error(
          IssueCode.VmcInvalidName,
          ['metadata', 'name'],
          `Invalid value: ${JSON.stringify(name)}: ${message}`,
        ),
      );
    }
  }
  const url = serverUrlProblem(inputs.adminServer, options.allowInsecureHttp);
  if (url) out.push(error(url.code, [], url.message));
  // An empty bundle means a well-known CA (as Verrazzano allows for `cacrt`); anything else must be PEM.
  const pem = inputs.adminCaBundle.trim() === '' ? undefined : pemProblem(inputs.adminCaBundle);
  if (pem) out.push(error(IssueCode.InvalidCaBundle, [], pem));
  if (inputs.token !== undefined && inputs.token.trim() === '')
    out.push(error(IssueCode.MissingToken, [], 'the token is empty'));
  return out;
}
