/** @module The `events` entry (being built). */
export {}
