/**
 * The operator's allow-list of outbound targets that are not public (`PATRON_ALLOWED_TARGETS`):
 * CIDRs (`10.20.0.0/16`, `fd12:3456::/32`), single IPs, and host names (`pos.internal`, or
 * `*.corp.example` for every name below it). Parsed once, at start; a bad entry is a config error.
 */
import { BlockList, isIP } from 'node:net';

/** What demo mode (and a test app talking to the simulators) adds: the loopback networks. */
export const LOOPBACK_TARGETS: readonly string[] = ['127.0.0.0/8', '::1/128'];

export interface AllowedTargets {
  /** Networks an address may be in. */
  networks: BlockList;
  /** Exact names (lower case, no trailing dot). */
  names: ReadonlySet<string>;
  /** `*.corp.example` entries, kept as `.corp.example`. */
  suffixes: readonly string[];
}

const LABEL = '[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?';
const HOST_NAME = new RegExp(`^(\\*\\.)?${LABEL}(\\.${LABEL})*$`);

export function parseAllowedTargets(entries: readonly string[]): { targets: AllowedTargets; problems: string[] } {
  const networks = new BlockList();
  const names = new Set<string>();
  const suffixes: string[] = [];
  const problems: string[] = [];
  entries.forEach((raw, i) => {
    const entry = raw.trim().toLowerCase().replace(/\.$/, '');
    const [address, prefixText, extra] = entry.split('/');
    const family = isIP(address ?? '');
    if (family !== 0 && extra === undefined) {
      const max = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? max : Number(prefixText);
      if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) {
        problems.push(`entry ${i + 1}: the prefix length must be a number (got "${raw}")`);
      } else if (prefix > max) {
        problems.push(`entry ${i + 1}: the prefix length must be at most ${max} (got "${raw}")`);
      } else networks.addSubnet(address!, prefix, family === 4 ? 'ipv4' : 'ipv6');
      return;
    }
    // A name of digits and dots only would be read as an IP by a URL parser: not a name.
    if (HOST_NAME.test(entry) && !/^[\d.]+$/.test(entry)) {
      if (entry.startsWith('*.')) suffixes.push(entry.slice(1));
      else names.add(entry);
      return;
    }
    problems.push(
      `entry ${i + 1} is neither a CIDR (10.0.0.0/8, fd00::/8), an IP address nor a host name (pos.internal, *.corp.example) (got "${raw}")`,
    );
  });
  return { targets: { networks, names, suffixes }, problems };
}

/** Comma-separated list -> entries (empty ones dropped). */
export function splitTargetList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
