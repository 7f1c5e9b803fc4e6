import { describe, expect, it } from 'vitest';
import { LOOPBACK_TARGETS, parseAllowedTargets } from './allowed-targets.ts';
import { createTargetPolicy } from './target-policy.ts';

describe('target policy', () => {
  const strict = createTargetPolicy([]);

  it('allows public addresses and refuses every non-public class when nothing is listed', () => {
    expect(strict.refusal('8.8.8.8', 'dns.google')).toBeNull();
    expect(strict.refusal('2606:4700:4700::1111', 'one.one.one.one')).toBeNull();
    for (const ip of [
      '127.0.0.1',
      '::1',
      '10.0.0.1',
      '192.168.0.1',
      '169.254.1.1',
      'fd12::1',
      'fe80::1',
      '100.64.0.1',
    ]) {
      expect(strict.refusal(ip, 'pos.example.com'), ip).not.toBeNull();
    }
    expect(strict.refusal('::ffff:127.0.0.1', 'pos.example.com')).toBe('loopback');
  });

  it('opens a listed network or host name, and never a metadata or unspecified address, even when listed', () => {
    const policy = createTargetPolicy([
      ...LOOPBACK_TARGETS,
      '10.20.0.0/16',
      '169.254.0.0/16',
      'fd00::/8',
      '0.0.0.0/0',
      'pos.internal',
      '*.corp.example',
    ]);
    expect(policy.refusal('127.0.0.1', '127.0.0.1')).toBeNull();
    expect(policy.refusal('::ffff:127.0.0.1', 'x')).toBeNull();
    expect(policy.refusal('10.20.3.4', 'x')).toBeNull();
    expect(policy.refusal('192.168.1.1', 'pos.internal')).toBeNull();
    expect(policy.refusal('192.168.1.1', 'POS.internal.')).toBeNull();
    expect(policy.refusal('172.16.0.9', 'crm.corp.example')).toBeNull();
    expect(policy.refusal('169.254.169.254', 'x')).toBe('metadata');
    expect(policy.refusal('169.254.169.254', 'pos.internal')).toBe('metadata');
    expect(policy.refusal('::ffff:169.254.169.254', 'x')).toBe('metadata');
    expect(policy.refusal('fd00:ec2::254', 'x')).toBe('metadata');
    expect(policy.refusal('100.100.100.200', 'x')).toBe('metadata');
    expect(policy.refusal('0.0.0.0', 'x')).toBe('unspecified');
    expect(policy.refusal('::', 'x')).toBe('unspecified');
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://10.0.0.1/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]:5432/',
    'http://localhost:3000/',
    'http://api.localhost/',
    'http://user:pass@hooks.example.com/',
    'http://user@hooks.example.com/',
    'ftp://hooks.example.com/',
    'file:///etc/passwd',
    'not a url',
  ])('refuses to register %s, saying why', (url) => {
    expect(strict.urlProblem(url)).toMatch(/not an allowed address|user name or password|http or https|valid URL/);
  });

  it('accepts a public or unresolved name at registration (judged at connect time) and what the allow-list opens', () => {
    expect(strict.urlProblem('https://api.treez.io/v2.0/dispensary/x')).toBeNull();
    expect(strict.urlProblem('https://hooks.example.com/patron?token=abc')).toBeNull();
    expect(strict.urlProblem('http://8.8.8.8/')).toBeNull();
    const demo = createTargetPolicy(LOOPBACK_TARGETS);
    expect(demo.urlProblem('http://127.0.0.1:4001/')).toBeNull();
    expect(demo.urlProblem('http://localhost:4001/')).toBeNull();
    expect(demo.urlProblem('http://169.254.169.254/')).toMatch(/never allowed/);
  });

  it('names the class and how to allow it, and says metadata can never be allowed', () => {
    expect(strict.urlProblem('http://10.0.0.1/')).toBe(
      'is not an allowed address (a private address; an operator may allow it with PATRON_ALLOWED_TARGETS)',
    );
    expect(strict.urlProblem('http://169.254.169.254/')).toBe(
      'is not an allowed address (a cloud metadata address, never allowed)',
    );
  });

  it('reads allow-list entries and reports each bad one by position', () => {
    expect(parseAllowedTargets(['10.0.0.0/8', '::1', 'pos.internal', '*.corp.example']).problems).toEqual([]);
    expect(parseAllowedTargets(['10.0.0.0/33', 'no spaces', '10.0.0.0/x', '1.2.3']).problems).toEqual([
      'entry 1: the prefix length must be at most 32 (got "10.0.0.0/33")',
      expect.stringMatching(/^entry 2 is neither a CIDR/),
      'entry 3: the prefix length must be a number (got "10.0.0.0/x")',
      expect.stringMatching(/^entry 4 is neither a CIDR/),
    ]);
  });
});
