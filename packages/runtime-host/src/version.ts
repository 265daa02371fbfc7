/** This package's version, reported as `host.version` in the context by default. */
export const RUNTIME_HOST_VERSION = '0.1.0'
