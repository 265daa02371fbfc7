// The sandbox's demo wallet: a phone-shaped wallet on @chainless/ui-kit that embeds
// @chainless/runtime-host with its wallet. The UI lives in ./ui/ (see README.md for what it shows).
import { startWallet } from './ui/main.js'

await startWallet(document.getElementById('wallet') as HTMLElement)
