import { afterEach, expect, it, vi } from 'vitest'
import { Liveness } from './liveness.js'

afterEach(() => {
  vi.useRealTimers()
})

function watch() {
  vi.useFakeTimers()
  const posted: { message: { type: string; id: string }; origin: string }[] = []
  const iframe = {
    contentWindow: {
      postMessage: (message: { type: string; id: string }, origin: string) =>
        posted.push({ message, origin }),
    },
  } as unknown as HTMLIFrameElement
  const onLost = vi.fn()
  const liveness = new Liveness({
    iframe,
    origin: 'https://app.example',
    intervalMs: 2000,
    timeoutMs: 500,
    misses: 3,
    onLost,
  })
  return { liveness, posted, onLost, lastId: () => posted.at(-1)!.message.id }
}

it('probes the iframe window with the app origin as target, and loses only after 3 misses', () => {
  const { liveness, posted, onLost } = watch()
  liveness.check()
  expect(posted[0]).toEqual({
    message: { type: 'chainless:probe', id: expect.any(String) },
    origin: 'https://app.example',
  })
  expect(posted[0]!.message.id.length).toBeLessThanOrEqual(64)
  vi.advanceTimersByTime(999)
  expect(posted).toHaveLength(2)
  expect(onLost).not.toHaveBeenCalled()
  vi.advanceTimersByTime(501)
  expect(posted).toHaveLength(3)
  expect(onLost).toHaveBeenCalledTimes(1)
})

it('a busy app that answers a late probe of the round is not lost', () => {
  const { liveness, posted, onLost } = watch()
  liveness.check()
  const first = posted[0]!.message.id
  vi.advanceTimersByTime(800)
  liveness.ack(first)
  vi.advanceTimersByTime(10_000)
  expect(onLost).not.toHaveBeenCalled()
  expect(posted).toHaveLength(2)
})

it('probes every interval while started, and an unknown id is not an answer', () => {
  const { liveness, posted, onLost, lastId } = watch()
  liveness.start()
  vi.advanceTimersByTime(2000)
  expect(posted).toHaveLength(1)
  liveness.ack(lastId())
  vi.advanceTimersByTime(2000)
  expect(posted).toHaveLength(2)
  liveness.ack('forged')
  vi.advanceTimersByTime(1500)
  expect(onLost).toHaveBeenCalledTimes(1)
  expect(liveness.watching).toBe(false)
  vi.advanceTimersByTime(10_000)
  expect(posted).toHaveLength(4)
})

it('stop() cancels the round in progress', () => {
  const { liveness, onLost } = watch()
  liveness.start()
  liveness.check()
  liveness.stop()
  vi.advanceTimersByTime(10_000)
  expect(onLost).not.toHaveBeenCalled()
})

it('a probe whose timer fired late (the host was busy) is not a miss, at most `misses` times a round', () => {
  const { liveness, posted, onLost } = watch()
  let now = 0
  vi.spyOn(performance, 'now').mockImplementation(() => now)
  liveness.check()
  // Each timeout fires as if the wallet's thread had been blocked for 5 s.
  const fireLate = () => {
    now += 5000
    vi.advanceTimersByTime(500)
  }
  for (let i = 0; i < 3; i++) fireLate()
  expect(onLost).not.toHaveBeenCalled()
  expect(posted).toHaveLength(4)
  // Past the forgiven ones, late misses count: a page that keeps the host busy is still lost.
  for (let i = 0; i < 3; i++) fireLate()
  expect(onLost).toHaveBeenCalledTimes(1)
})
