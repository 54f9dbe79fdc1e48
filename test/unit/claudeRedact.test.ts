/** Secret redaction: values of secret-looking variables and well-known credential shapes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, redactDeep, redactSecrets, REDACTED, secretValues } from '../../src/orchestrator/runners';

const ENV = {
  ANTHROPIC_API_KEY: 'sk-ant-api03-AbCdEf123456',
  GITHUB_TOKEN: 'plain-token-value-77',
  DB_PASSWORD: 'hunter2hunter2',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG',
  MY_CREDENTIALS: 'cred-value-xyz',
  CLAUDE_CODE_USE_AUTH: '1',
  HOME: '/home/dev',
  PATH: '/usr/bin:/bin',
};

describe('secretValues', () => {
  it('takes values of variables named like secrets, and skips short values and ordinary variables', () => {
    expect(secretValues(ENV).sort()).toEqual(['cred-value-xyz', 'hunter2hunter2', 'plain-token-value-77', 'sk-ant-api03-AbCdEf123456', 'wJalrXUtnFEMI/K7MDENG'].sort());
  });
});

describe('createRedactor', () => {
  const redact = createRedactor(ENV);

  it('removes every secret value from the environment, wherever it appears', () => {
    const text = `key=${ENV.ANTHROPIC_API_KEY} gh ${ENV.GITHUB_TOKEN}; pw:${ENV.DB_PASSWORD} aws ${ENV.AWS_SECRET_ACCESS_KEY} c=${ENV.MY_CREDENTIALS}`;
    const out = redact(text);
    for (const value of secretValues(ENV)) expect(out).not.toContain(value);
    expect(out).toContain('gh [REDACTED];');
  });

  it('leaves ordinary text and short values alone', () => {
    expect(redact('Created /home/dev/src/a.ts with 1 change; max_tokens: 1000000, input_tokens: 720')).toBe('Created /home/dev/src/a.ts with 1 change; max_tokens: 1000000, input_tokens: 720');
  });

  it.each([
    ['sk-ant-api03-zzzzzzzzzzzzzzzzzz is mine', `${REDACTED} is mine`],
    ['Authorization: Bearer abc.def.ghi-123456', `Authorization: Bearer ${REDACTED}`],
    ['curl -H "x-api-key: k-1234567890"', `curl -H "x-api-key: ${REDACTED}"`],
    ['token ghp_abcdefghijklmnopqrstuvwxyz0123', `token ${REDACTED}`],
    ['AKIAABCDEFGHIJKLMNOP', REDACTED],
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', `jwt ${REDACTED}`],
    ['OPENAI_API_KEY=abcdef123456', `OPENAI_API_KEY=${REDACTED}`],
    ['"password": "s3cr3t-pass"', `"password": "${REDACTED}"`],
  ])('redacts the credential shape in %j', (text, expected) => {
    expect(createRedactor({})(text)).toBe(expected);
  });

  it('never lets a secret value through, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom(...secretValues(ENV)), (before, after, secret) => {
        expect(redact(`${before}${secret}${after}`)).not.toContain(secret);
      }),
    );
  });

  it('takes extra secrets, removing the longer of overlapping ones whole', () => {
    const r = createRedactor({}, ['abcdef', 'abcdefghij']);
    expect(r('x abcdefghij y abcdef')).toBe(`x ${REDACTED} y ${REDACTED}`);
  });
});

describe('redactSecrets and redactDeep', () => {
  it('redacts one string with a given environment', () => {
    expect(redactSecrets(`use ${ENV.DB_PASSWORD}`, ENV)).toBe(`use ${REDACTED}`);
  });

  it('redacts every string inside a nested value and leaves the rest', () => {
    const value = { a: [`k ${ENV.GITHUB_TOKEN}`, 3, null], b: { c: ENV.MY_CREDENTIALS, d: true } };
    expect(redactDeep(value, createRedactor(ENV))).toEqual({ a: [`k ${REDACTED}`, 3, null], b: { c: REDACTED, d: true } });
  });
});
