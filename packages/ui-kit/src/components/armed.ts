import { createContext } from 'preact'

/**
 * How long (ms) a sheet's primary action stays disabled after the sheet appears, so a tap meant
 * for the sheet before it (a double tap, a tap in flight) cannot confirm the next one.
 */
export const PRIMARY_ACTION_DELAY_MS = 500

/**
 * The arming delay for sheets below it (default {@link PRIMARY_ACTION_DELAY_MS}); the adapter sets
 * it from `primaryActionDelayMs`, tests may set `0`.
 */
export const ArmDelayContext = createContext(PRIMARY_ACTION_DELAY_MS)

/** Whether the enclosing {@link Sheet}'s primary action may be used yet (true outside a sheet). */
export const ArmedContext = createContext(true)
