/**
 * What kind of address an IP is, for the outbound guard (SSRF, issue 12): public, or one of the
 * ranges a request forged by a tenant must never reach (loopback, private, link-local, unique-local,
 * shared CGNAT, cloud metadata, unspecified, multicast, broadcast, reserved). IPv6 forms that carry an
 * IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16`) are judged by the IPv4 address they reach. Input is an IP as `net.isIP` reads it
 * (WHATWG URL parsing has already turned `0x7f000001`, `2130706433` and `0177.0.0.1` into dotted form).
 */
import { BlockList, isIP, isIPv4 } from 'node:net';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'shared'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

type Range = readonly [network: string, prefix: number];

/**
 * Cloud instance metadata and host services: AWS/GCP/Azure/OpenStack 169.254.169.254 (and the
 * rest of 169.254.169.0/24: AWS time and DNS), ECS task metadata 169.254.170.2, Azure's wire server
 * 168.63.129.16, Alibaba 100.100.100.200, Oracle 192.0.0.192, AWS IPv6 fd00:ec2::/64 (IMDS ::254, DNS ::253).
 * Checked first: no allow-list entry opens these.
 */
const METADATA_V4: readonly Range[] = [
  ['169.254.169.0', 24],
  ['169.254.170.0', 24],
  ['168.63.129.16', 32],
  ['100.100.100.200', 32],
  ['192.0.0.192', 32],
];
const METADATA_V6: readonly Range[] = [['fd00:ec2::', 64]];

/** In order: the first range that holds the address names its class. */
const CLASSES_V4: readonly [AddressClass, readonly Range[]][] = [
  ['metadata', METADATA_V4],
  ['unspecified', [['0.0.0.0', 8]]],
  ['loopback', [['127.0.0.0', 8]]],
  [
    'private',
    [
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
    ],
  ],
  ['link-local', [['169.254.0.0', 16]]],
  ['shared', [['100.64.0.0', 10]]],
  ['multicast', [['224.0.0.0', 4]]],
  ['broadcast', [['255.255.255.255', 32]]],
  [
    'reserved',
    [
      ['240.0.0.0', 4],
      ['192.0.0.0', 24], // IETF protocol assignments
      ['192.0.2.0', 24], // documentation (TEST-NET-1..3)
      ['198.51.100.0', 24],
      ['203.0.113.0', 24],
      ['198.18.0.0', 15], // benchmarking
      ['192.88.99.0', 24], // 6to4 relay anycast
    ],
  ],
];

const CLASSES_V6: readonly [AddressClass, readonly Range[]][] = [
  ['metadata', METADATA_V6],
  ['unspecified', [['::', 128]]],
  ['loopback', [['::1', 128]]],
  ['unique-local', [['fc00::', 7]]],
  ['link-local', [['fe80::', 10]]],
  ['private', [['fec0::', 10]]], // deprecated site-local
  ['multicast', [['ff00::', 8]]],
  [
    'reserved',
    [
      ['64:ff9b:1::', 48], // local-use NAT64
      ['100::', 64], // discard
      ['2001::', 32], // Teredo: the IPv4 inside is obfuscated, so it cannot be judged
      ['2001:db8::', 32], // documentation
      ['3fff::', 20], // documentation
    ],
  ],
];

function compile(classes: readonly [AddressClass, readonly Range[]][], family: 'ipv4' | 'ipv6') {
  return classes.map(([name, ranges]) => {
    const list = new BlockList();
    for (const [network, prefix] of ranges) list.addSubnet(network, prefix, family);
    return [name, list] as const;
  });
}

const V4 = compile(CLASSES_V4, 'ipv4');
const V6 = compile(CLASSES_V6, 'ipv6');
const GLOBAL_UNICAST_V6 = new BlockList();
GLOBAL_UNICAST_V6.addSubnet('2000::', 3, 'ipv6');

/** The class of `address` (an IPv6 zone, `%eth0`, is ignored); anything that is not an IP is `reserved`. */
export function classifyAddress(address: string): AddressClass {
  const ip = unbracket(address).split('%')[0]!;
  if (isIPv4(ip)) return classifyV4(ip);
  if (isIP(ip) !== 6) return 'reserved';
  const embedded = embeddedIPv4(ip);
  if (embedded !== undefined) return classifyV4(embedded);
  for (const [name, list] of V6) if (list.check(ip, 'ipv6')) return name;
  // Only 2000::/3 is handed out for global unicast; the rest is unassigned.
  return GLOBAL_UNICAST_V6.check(ip, 'ipv6') ? 'public' : 'reserved';
}

function classifyV4(ip: string): AddressClass {
  for (const [name, list] of V4) if (list.check(ip, 'ipv4')) return name;
  return 'public';
}

/** `[::1]` (a URL's hostname) -> `::1`. */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * The IPv4 address an IPv6 address stands for, where a packet to it reaches that IPv4 address:
 * mapped ::ffff:0:0/96, compatible ::/96 (but not :: and ::1), NAT64 64:ff9b::/96, 6to4 2002::/16.
 */
export function embeddedIPv4(ipv6: string): string | undefined {
  const words = ipv6Words(ipv6);
  if (!words) return undefined;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zeros(0, 5) && words[5] === 0xffff) return v4(words[6]!, words[7]!);
  if (zeros(0, 6) && (words[6] !== 0 || words[7]! > 1)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return v4(words[6]!, words[7]!);
  if (words[0] === 0x2002) return v4(words[1]!, words[2]!);
  return undefined;
}

/** The eight 16-bit words of a valid IPv6 address (`net.isIPv6` true, no zone). */
function ipv6Words(ip: string): number[] | undefined {
  let text = ip.toLowerCase();
  const lastColon = text.lastIndexOf(':');
  const dotted = text.slice(lastColon + 1);
  if (dotted.includes('.')) {
    // `::ffff:1.2.3.4` -> `::ffff:102:304`
    const [a, b, c, d] = dotted.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((w) => Number.parseInt(w, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (rest === undefined && missing !== 0)) return undefined;
  const words = [...left, ...new Array<number>(rest === undefined ? 0 : missing).fill(0), ...right];
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : undefined;
}
