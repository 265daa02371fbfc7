export { type Analytics, type AnalyticsOptions, createAnalytics } from './analytics.js'
export { AnalyticsClosedError, AnalyticsDeliveryError, AnalyticsQueueFullError } from './errors.js'
export { ANALYTICS_LIMITS, type AnalyticsEvent, prepareEvent, type TrackOptions } from './event.js'
export type { SignalOptions } from './signals.js'
