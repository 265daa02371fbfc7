/**
 * The shop's back end, for the sandbox to start in-process (it passes the app key it created) or for
 * anyone to mount on a node:http server.
 */
export { createShopBackend, type ShopBackendOptions, type ShopLogin } from './backend.js'
