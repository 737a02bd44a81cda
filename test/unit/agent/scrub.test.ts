/**
 * Issue 13 item 3: scrub, which every log value and every error the CLI prints go through, removes
 * bearer tokens and the token, password and client key lines of a kubeconfig (YAML or JSON).
 */
import { describe, expect, it } from 'vitest';
import { scrub } from '../../../src/agent/logger.js';

describe('scrub (issue 13 item 3)', () => {
  it.each([
    ['token: SECRET1 rest', 'token: <redacted> rest'],
    ['"token": "SECRET1"', '"token": <redacted>'],
    ['password: SECRET1', 'password: <redacted>'],
    ['{"password":"SECRET1"}', '{"password":<redacted>'],
    ['client-key-data: SECRET1', 'client-key-data: <redacted>'],
    ['Authorization: Bearer SECRET1', 'Authorization: Bearer <redacted>'],
    ['jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln end', 'jwt <redacted> end'],
  ])('%j → %j', (input, output) => {
    expect(scrub(input)).toBe(output);
    expect(scrub(input)).not.toContain('SECRET1');
  });

  it('leaves text without credentials as it is', () => {
    const text = 'cannot read the agent Secret: forbidden: GET /api/v1/namespaces/x/secrets/y';
    expect(scrub(text)).toBe(text);
  });
});
