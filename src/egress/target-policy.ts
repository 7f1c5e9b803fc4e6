/**
 * Which outbound targets Patron may reach (SSRF, issue 12). Public addresses: yes. Cloud metadata
 * and unspecified addresses: never, whatever is listed. Everything else (loopback, private,
 * link-local, unique-local, shared, multicast, reserved): only when the operator's allow-list holds
 * the address's network or the name the request was made to. Used twice: at connect time on every
 * resolved address (`outbound-http.ts`), and at registration on a URL's literal host, so that what
 * could never be reached is refused with a 422 instead of failing later.
 */
import { isIP } from 'node:net';
import { type AddressClass, classifyAddress, embeddedIPv4, unbracket } from './address-class.ts';
import { type AllowedTargets, parseAllowedTargets } from './allowed-targets.ts';

/** The words every refusal carries, at registration and at connect time. */
export const NOT_ALLOWED_ADDRESS = 'not an allowed address';

/** Classes no allow-list entry opens. */
const NEVER_ALLOWED: ReadonlySet<AddressClass> = new Set(['metadata', 'unspecified']);

export interface TargetPolicy {
  /** `null` when `address`, reached through the name `hostname`, may be connected to; else its class. */
  refusal(address: string, hostname: string): AddressClass | null;
  /**
   * Why `url` could never be reached (registration of a POS base URL or a webhook), or `null` when it
   * might: a name that is not on the allow-list is judged later, on what it resolves to.
   */
  urlProblem(url: string): string | null;
}

export function createTargetPolicy(allowed: readonly string[]): TargetPolicy {
  const { targets, problems } = parseAllowedTargets(allowed);
  if (problems.length > 0) throw new Error(`invalid allowed targets: ${problems.join('; ')}`);

  function refusal(address: string, hostname: string): AddressClass | null {
    const ip = unbracket(address);
    const found = classifyAddress(ip);
    if (NEVER_ALLOWED.has(found)) return found;
    if (found === 'public') return null;
    if (inNetworks(targets, ip) || nameAllowed(targets, hostname)) return null;
    return found;
  }

  function urlProblem(url: string): string | null {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'must be a valid URL';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http or https URL';
    if (parsed.username !== '' || parsed.password !== '') {
      return 'must not carry a user name or password (user:pass@); credentials have their own fields';
    }
    const host = unbracket(parsed.hostname);
    // RFC 6761: every `localhost` name is loopback, whatever a resolver says.
    const literal = isIP(host) ? host : isLocalhost(host) ? '127.0.0.1' : undefined;
    if (literal === undefined) return null;
    const refused = refusal(literal, host);
    if (refused === null) return null;
    const why = NEVER_ALLOWED.has(refused)
      ? `a ${describeClass(refused)} address, never allowed`
      : `a ${describeClass(refused)} address; an operator may allow it with PATRON_ALLOWED_TARGETS`;
    return `is ${NOT_ALLOWED_ADDRESS} (${why})`;
  }

  return { refusal, urlProblem };
}

function inNetworks(targets: AllowedTargets, ip: string): boolean {
  if (isIP(ip) === 4) return targets.networks.check(ip, 'ipv4');
  if (targets.networks.check(ip, 'ipv6')) return true;
  const embedded = embeddedIPv4(ip);
  return embedded !== undefined && targets.networks.check(embedded, 'ipv4');
}

function nameAllowed(targets: AllowedTargets, hostname: string): boolean {
  const name = unbracket(hostname).toLowerCase().replace(/\.$/, '');
  if (isIP(name)) return false;
  return targets.names.has(name) || targets.suffixes.some((suffix) => name.endsWith(suffix));
}

function isLocalhost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

function describeClass(found: AddressClass): string {
  switch (found) {
    case 'metadata':
      return 'cloud metadata';
    case 'shared':
      return 'shared (carrier-grade NAT)';
    default:
      return found;
  }
}
