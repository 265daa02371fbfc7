/** This SDK's version, sent in `hello`. */
export const SDK_VERSION = '0.1.0'
