// @ts-check
import { chromium } from '@playwright/test'

import { chromiumArgs, chromiumPath, frameOf } from '../../e2e/support/chromium.js'

export { chromiumArgs, chromiumPath, frameOf }

/** Launches headless Chromium for the benchmarks. */
export const launchChromium = () => chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
