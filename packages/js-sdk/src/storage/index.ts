/** @module The `storage` entry (being built). */
export {}
