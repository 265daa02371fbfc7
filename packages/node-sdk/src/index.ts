/** @chainless/node-sdk: the SDK for mini-program back ends. */
export { NODE_SDK_VERSION } from './version.js'
