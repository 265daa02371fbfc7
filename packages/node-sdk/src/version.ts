/** The version of this package. */
export const NODE_SDK_VERSION = '0.1.0'
