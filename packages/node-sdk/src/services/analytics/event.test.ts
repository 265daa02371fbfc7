import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { PlatformInputError } from '../../errors.js'
import { fuzzParameters } from '../../webhooks/fuzz.testutil.js'
import { ANALYTICS_LIMITS, prepareEvent } from './event.js'

describe('prepareEvent', () => {
  it('queues a timestamp of -0 as 0, as the wire carries it (fuzz seed -1426413458)', () => {
    expect(Object.is(prepareEvent('e', { timestamp: -0 }).event.timestamp, 0)).toBe(true)
  })
})

describe('prepareEvent fuzzed', () => {
  test.prop(
    [
      fc.string({ maxLength: 200 }),
      fc.record(
        {
          userId: fc.oneof(fc.string({ maxLength: 300 }), fc.anything()),
          properties: fc.oneof(
            fc.object(),
            fc.anything(),
            fc.dictionary(fc.string(), fc.string({ maxLength: 3_000 })),
          ),
          timestamp: fc.oneof(fc.integer(), fc.double(), fc.date({ noInvalidDate: false }), fc.anything()),
          id: fc.oneof(fc.string({ maxLength: 200 }), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    ],
    fuzzParameters(1_000),
  )('any input: an event within the contract, sized exactly, or PlatformInputError', (name, options) => {
    try {
      const { event, bytes } = prepareEvent(name, options as Parameters<typeof prepareEvent>[1], () => 1)
      const json = JSON.stringify(event)
      expect(bytes).toBe(Buffer.byteLength(json))
      expect(event.name.length).toBeGreaterThan(0)
      expect(event.name.length).toBeLessThanOrEqual(ANALYTICS_LIMITS.nameLength)
      expect(Number.isSafeInteger(event.timestamp)).toBe(true)
      if (event.properties !== undefined)
        expect(Buffer.byteLength(JSON.stringify(event.properties))).toBeLessThanOrEqual(
          ANALYTICS_LIMITS.propertiesBytes,
        )
      // What is queued survives the wire unchanged.
      expect(JSON.parse(json)).toEqual(event)
    } catch (e) {
      expect(e).toBeInstanceOf(PlatformInputError)
    }
  })
})
