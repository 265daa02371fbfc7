// Reads every global once (see poisoning.fuzz.ts). Test-only.
for (const name of Object.getOwnPropertyNames(globalThis)) {
  try {
    void (globalThis as Record<string, unknown>)[name]
  } catch {
    // A getter that throws stays as it is.
  }
}
