/** @module The `network` entry (being built). */
export {}
