/**
 * The CA to trust for an API server's serving certificate. Without `--tls-cert-file`, the API
 * server writes `<cert-dir>/apiserver.crt` on first start: a serving certificate for 127.0.0.1 (the
 * advertise address), followed by the self-signed CA that issued it. It reuses the file on restart,
 * so a kubeconfig trusting that CA keeps working. The checks below make sure Node's own TLS
 * verification will accept the chain, instead of finding out from a confusing handshake error.
 */
import { X509Certificate } from 'node:crypto';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The serving certificate and its issuing CA, both PEM. */
export interface ServingChain {
  readonly leafPem: string;
  readonly caPem: string;
}

/**
 * Finds the CA in an `apiserver.crt` bundle and checks that it issued a serving certificate that
 * covers `host` (an IP address) and is currently valid. Throws, saying what is wrong, otherwise.
 */
export function servingChainFromBundle(bundle: string, host: string, now: Date = new Date()): ServingChain {
  const pems = bundle.match(PEM_CERTIFICATE) ?? [];
  const certs = pems.map((pem) => ({ pem: `${pem}\n`, x509: new X509Certificate(pem) }));
  const ca = certs.find((c) => c.x509.ca && c.x509.subject === c.x509.issuer);
  if (ca === undefined)
    throw new Error('the serving certificate bundle contains no self-signed CA certificate');
  const leaf = certs.find((c) => c !== ca && c.x509.checkIssued(ca.x509) && c.x509.verify(ca.x509.publicKey));
  if (leaf === undefined)
    throw new Error(`no serving certificate in the bundle was issued by ${ca.x509.subject}`);
  if (leaf.x509.checkIP(host) === undefined) {
    throw new Error(
      `the serving certificate does not cover ${host} (subjectAltName: ${leaf.x509.subjectAltName ?? 'none'})`,
    );
  }
  for (const c of [leaf, ca]) {
    if (now < new Date(c.x509.validFrom) || now > new Date(c.x509.validTo)) {
      throw new Error(
        `certificate ${c.x509.subject} is not valid now (${c.x509.validFrom} – ${c.x509.validTo})`,
      );
    }
  }
  return { leafPem: leaf.pem, caPem: ca.pem };
}
