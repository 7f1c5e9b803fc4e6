/**
 * Patron's import boundaries (DESIGN.md "Shape of the code", issue 13 item 6), checked by `npm run lint`
 * so that a wrong-way import fails CI. Dependencies point inward: route modules and the assembly call
 * services; services call `domain`, repositories and ports; `domain` imports nothing of ours.
 * There is no list of tolerated violations: every rule holds for the whole tree.
 * test/boundaries/boundaries.test.ts proves on a small fixture that each kind of wrong-way import fails.
 */
const fs = require('node:fs');
const path = require('node:path');

// A vendor folder is a folder of src/pos with a registration.ts (DESIGN: the same files in every
// vendor folder), so a new vendor is covered without editing this file.
const POS = path.join(__dirname, 'src', 'pos');
const vendorNames = fs.existsSync(POS)
  ? fs.readdirSync(POS).filter((name) => fs.existsSync(path.join(POS, name, 'registration.ts')))
  : [];
const VENDOR = `^src/pos/(${vendorNames.join('|') || 'no-vendor-yet'})/`;

// Test code may reach past boundaries (contract tests drive a vendor's client, tests seed the demo).
const TEST_FILE = '\\.test\\.ts$';
const TEST_CODE = [TEST_FILE, '^test/', '^bench/'];

// Feature modules: each owns its tables and is reached through its service, never by the layers below.
const FEATURES =
  'customers|auth|stores|privacy|sync|webhooks|kiosk|analytics|loyalty|imports|saved-views|segments|demo|cli';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A file cycle makes load order matter and the two files one unit: cut a seam (a port, a shared file).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'domain-imports-nothing-of-ours',
      comment: 'domain/ is the pure rules, no I/O: it may import only domain/ and packages.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^(src|test|bench|scripts)/', pathNot: '^src/domain/' },
    },
    {
      name: 'pos-vendor-private',
      comment:
        "A vendor's field names never leave its folder: the rest of Patron, its tests and benchmarks go " +
        'through the registries (src/pos/registry.ts for clients, src/pos/simulators.ts for simulators), ' +
        "whose neutral options (page size, transport, account, seed) are the test knobs. Only src/pos' own " +
        'tests (the contract tests) may import a vendor file directly.',
      severity: 'error',
      from: {
        pathNot: [VENDOR, '^src/pos/registry\\.ts$', '^src/pos/simulators\\.ts$', `^src/pos/.*${TEST_FILE}`],
      },
      to: { path: VENDOR },
    },
    {
      name: 'pos-vendor-not-another-vendor',
      comment: 'Vendor folders are independent: shared code goes to src/pos/ (transport, normalize, simulator-kit).',
      severity: 'error',
      from: { path: VENDOR },
      to: { path: VENDOR, pathNot: '^src/pos/$1/' },
    },
    {
      name: 'pos-registry-no-simulators',
      comment:
        'Production code gets clients, never simulators: the registry of src/pos/registry.ts reaches no simulator.',
      severity: 'error',
      from: { path: '^src/pos/registry\\.ts$' },
      to: { path: '^src/pos/([^/]+/simulator\\.ts|simulator-kit/)', reachable: true },
    },
    {
      name: 'demo-only-from-cli-and-tests',
      comment:
        'Demo mode (organization, simulators, mail sink, mailbox) is composed by the CLI `start` command ' +
        '(src/cli/start.ts) and used by tests and benchmarks; the service itself never depends on it.',
      severity: 'error',
      from: { pathNot: ['^src/demo/', '^src/cli/', ...TEST_CODE] },
      to: { path: '^src/demo/' },
    },
    {
      name: 'web-imports-nothing-of-the-server',
      comment: 'The React app speaks only the public API.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^(src|test|bench|scripts)/', pathNot: '^src/web/' },
    },
    {
      name: 'server-imports-nothing-of-web',
      comment: 'The server serves the built web app as files; it imports none of its code.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/web/' },
      to: { path: '^src/web/' },
    },
    {
      name: 'no-test-code-in-src',
      comment: 'Shipped code never loads a test or test support (they import vitest and fixtures).',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_FILE },
      to: { path: [TEST_FILE, '^test/', '^bench/'] },
    },
    {
      name: 'no-importing-a-test-file',
      comment: 'A test file is an entry point; what two tests share goes to a support file.',
      severity: 'error',
      from: {},
      to: { path: TEST_FILE },
    },
    {
      name: 'assembly-is-imported-by-no-module',
      comment:
        'src/http/app.ts and src/server.ts assemble every module; a module importing them would import ' +
        'all the others (and be a cycle). Only the CLI, tests, benchmarks and scripts start them.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/', '^src/server\\.ts$', TEST_FILE] },
      to: { path: ['^src/http/app\\.ts$', '^src/server\\.ts$'] },
    },
    {
      name: 'route-modules-only-from-the-assembly',
      comment:
        'A route module is mounted once, by the assembly (src/http/app.ts), the CLI (demo routes) or a route ' +
        "module of its own folder; what two modules' routes share (schemas, header parsing) lives in http/ " +
        'or beside the service, not in a route module. Tests, benchmarks and scripts mount what they test.',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: ['^src/http/app\\.ts$', '^src/cli/', TEST_FILE] },
      to: { path: '(^|/)(routes|[^/]+-routes)\\.ts$', pathNot: ['^src/$1/', '^src/pos/simulator-kit/'] },
    },
    {
      name: 'http-shared-imports-no-feature',
      comment:
        'What route modules share of http/ (schemas, problem, context, authentication hooks) imports ' +
        'domain, db and auth (the hooks resolve sessions) only: the features are wired by app.ts alone (with ' +
        'customer-ports.ts and privacy-ports.ts, the ports it hands customers and privacy).',
      severity: 'error',
      from: {
        path: '^src/http/',
        pathNot: ['^src/http/app\\.ts$', '^src/http/(customer|privacy)-ports\\.ts$', TEST_FILE],
      },
      to: { path: `^src/(${FEATURES.replace('auth|', '')}|pos)/` },
    },
    {
      name: 'config-imports-no-module',
      comment:
        'Every module reads config; config reading a module would make configuration depend on features. ' +
        'The shapes it fills (kiosk limits, ID-number lookups) are declared in config.ts.',
      severity: 'error',
      from: { path: '^src/config\\.ts$' },
      to: { path: `^src/(${FEATURES}|http|pos)/` },
    },
    {
      name: 'db-imports-only-foundations',
      comment:
        'db/ is the handle, org scope and transactions under every module: it imports domain, logger, config only.',
      severity: 'error',
      from: { path: '^src/db/', pathNot: TEST_FILE },
      to: {
        path: '^src/',
        pathNot: ['^src/db/', '^src/domain/', '^src/(logger|config|secret-file)\\.ts$'],
      },
    },
    {
      name: 'customers-not-sync-webhooks-kiosk',
      comment:
        'customers/ is consumed by sync, webhooks and kiosk (through its service and the changes outbox); ' +
        'it does not call them back.',
      severity: 'error',
      from: { path: '^src/customers/', pathNot: TEST_FILE },
      to: { path: ['^src/(sync|webhooks|kiosk)/', '^src/http/app\\.ts$'] },
    },
    {
      name: 'privacy-not-sync',
      comment: 'Erasure reaches the POS through the changes outbox (sync consumes it), not by calling sync.',
      severity: 'error',
      from: { path: '^src/privacy/', pathNot: TEST_FILE },
      to: { path: '^src/(sync|webhooks)/' },
    },
    {
      name: 'customers-uses-privacy-primitives-only',
      comment:
        'privacy/ holds primitives under customers (field encryption, blind indexes, audit log, vault, data ' +
        'policy) and use cases over customers (export, erasure, retention); customers uses only the first ' +
        'kind, so the two folders are not one knot.',
      severity: 'error',
      from: { path: '^src/customers/', pathNot: TEST_FILE },
      to: {
        path: '^src/privacy/(customer-export|customer-audience-export|erasure|erasure-status|retention|retention-job|key-rotation|routes|schemas)\\.ts$',
      },
    },
    {
      name: 'privacy-not-kiosk',
      comment: 'Kiosk self-service calls privacy (export, erasure); privacy does not call kiosk back.',
      severity: 'error',
      from: { path: '^src/privacy/', pathNot: TEST_FILE },
      to: { path: '^src/kiosk/' },
    },
    {
      name: 'auth-not-kiosk-customers',
      comment:
        'auth/ (users, sessions, keys, customer tokens, abilities) is below every feature that authorizes. ' +
        'One table crossing: a customer token references its customer and resolves only while the customer ' +
        "is live, so auth reads customers' table declaration (never its code, never a write).",
      severity: 'error',
      from: { path: '^src/auth/', pathNot: TEST_FILE },
      to: { path: '^src/(kiosk|customers|sync|webhooks|privacy)/', pathNot: '^src/customers/tables\\.ts$' },
    },
    {
      name: 'pos-is-a-port',
      comment:
        'pos/ is the PosClient port and its adapters: it knows HTTP and vendors, not what Patron does with them.',
      severity: 'error',
      from: { path: '^src/pos/', pathNot: TEST_FILE },
      to: { path: `^src/(${FEATURES}|http|db|mail)/` },
    },
    {
      name: 'sync-not-webhooks-kiosk-demo',
      comment:
        'Webhooks ask sync for pulls and kiosk asks (through a port given at assembly) for POS links: sync ' +
        'does not call them back.',
      severity: 'error',
      from: { path: '^src/sync/', pathNot: TEST_FILE },
      to: { path: '^src/(webhooks|kiosk|demo)/' },
    },
    {
      name: 'kiosk-not-sync',
      comment: 'The kiosk order asks for a POS link through the PosLinks port (src/kiosk/orders.ts), wired by app.ts.',
      severity: 'error',
      from: { path: '^src/kiosk/', pathNot: TEST_FILE },
      to: { path: '^src/(sync|webhooks)/' },
    },
    {
      name: 'mail-imports-no-feature',
      comment: 'mail/ is an adapter (SMTP, none); demo mode hands it its sink from the CLI.',
      severity: 'error',
      from: { path: '^src/mail/', pathNot: TEST_FILE },
      to: { path: `^src/(${FEATURES}|http|pos)/` },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a file that moved.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Only our own code is cruised: packages are leaves, and not reading them keeps the check fast.
    exclude: { path: ['node_modules', '^src/db/migrations/', '^src/web/dist/'] },
    // Type-only imports are dependencies too (a type from a feature is still a coupling).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.mjs', '.js', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
