/** The server endpoints of an in-memory client besides objects: `/version` and TokenRequest. */
import type { TokenRequestOptions } from '../../port/client.js';
import { authorizeRequest, call, served, type RequestContext } from './client-request.js';
import { invalid, notFound } from './errors.js';
import { ClusterVerb } from './verbs.js';

/** The token audience the API server issues for by default. */
const DEFAULT_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';
const TOKEN_RESOURCE = {
  apiVersion: 'authentication.k8s.io/v1',
  group: 'authentication.k8s.io',
  kind: 'TokenRequest',
  plural: 'tokenrequests',
};

/** GET /version. */
export async function serverVersion(context: RequestContext): Promise<string> {
  // /version is readable by everyone (system:public-info-viewer); only authentication applies.
  return call(context, ClusterVerb.ServerVersion, {}, () => context.state.settings.serverVersion);
}

/** The server's refusal of an expiration outside [10 min, 2^32 s]. */
function checkExpiration(seconds: number, at: { namespace: string; name: string }): void {
  const bound =
    seconds < 600
      ? 'may not specify a duration less than 10 minutes'
      : seconds > 2 ** 32
        ? 'may not specify a duration larger than 2^32 seconds'
        : undefined;
  if (bound === undefined) return;
  throw invalid(TOKEN_RESOURCE, at, [
    {
      field: 'spec.expirationSeconds',
      message: `Invalid value: ${seconds}: ${bound}`,
      reason: 'FieldValueInvalid',
    },
  ]);
}

/** POST serviceaccounts/token: a bound token of a ServiceAccount that exists. */
export async function requestToken(
  context: RequestContext,
  namespace: string,
  serviceAccount: string,
  options: TokenRequestOptions,
): Promise<string> {
  const { state } = context;
  return call(
    context,
    ClusterVerb.RequestToken,
    { apiVersion: 'v1', kind: 'ServiceAccount', namespace, name: serviceAccount },
    (user) => {
      const resource = served(context, 'v1', 'ServiceAccount');
      authorizeRequest(context, user, resource, 'create', 'token', namespace, serviceAccount);
      const uid = state.serviceAccountUid(namespace, serviceAccount);
      if (uid === undefined) throw notFound(resource, { namespace, name: serviceAccount });
      const seconds = options.expirationSeconds ?? 3600;
      checkExpiration(seconds, { namespace, name: serviceAccount });
      const audiences =
        options.audiences && options.audiences.length > 0 ? options.audiences : [DEFAULT_AUDIENCE];
      return state.tokens.issue({ namespace, name: serviceAccount, uid }, state.nowMs(), seconds, audiences);
    },
  );
}
