/** A command line that cannot be acted on: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}
