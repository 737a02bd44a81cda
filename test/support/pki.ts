/** A syntactically valid PEM certificate for tests (the body need not be a real certificate for PEM checks). */
export const TEST_CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBdzCCAR2gAwIBAgIUYzN2dGVzdC1jYS1mb3ItdnptYy10ZXN0czAKBggqhkjO
PQQDAjARMQ8wDQYDVQQDDAZ2em1jLWNhMB4XDTI2MDEwMTAwMDAwMFoXDTM2MDEw
MTAwMDAwMFowETEPMA0GA1UEAwwGdnptYy1jYTBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABLRt
-----END CERTIFICATE-----
`;
