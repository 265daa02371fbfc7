// Where the developer workbench is rendered (sandbox only): beside the phone on a desktop, as its own
// tab on a phone, and as a drawer over the running app on a phone. The workbench renders itself into
// this element (its own chunk and render root); the wallet only says which app is open.
import { Button } from '@chainless/ui-kit'
import type { JSX } from 'preact'
import { useContext, useEffect, useRef } from 'preact/hooks'
import type { Workbench } from '../workbench/index.js'
import { WalletI18nContext } from './env.js'
import { Icon } from './icons.js'
import type { WalletLocale } from './strings.js'

/** The slot's few words (the workbench has its own tables, in its chunk). */
const WORDS: Record<WalletLocale, { workbench: string; open: string; close: string }> = {
  en: { workbench: 'Workbench', open: 'Open the workbench', close: 'Close the workbench' },
  'zh-CN': { workbench: '工作台', open: '打开工作台', close: '关闭工作台' },
}

/**
 * The slot's words in the wallet's language.
 *
 * @example
 * ```ts
 * const words = useSlotWords() // { workbench: 'Workbench', open: …, close: … }
 * ```
 */
export function useSlotWords(): (typeof WORDS)['en'] {
  return WORDS[useContext(WalletI18nContext).locale] ?? WORDS.en
}

/** Props of {@link WorkbenchSlot}. */
export interface WorkbenchSlotProps {
  workbench: Workbench
  /** The open (or opening) app; `undefined` when none is. */
  appId: string | undefined
  /** The phone's drawer is open (only shown while an app runs on a phone). */
  drawer: boolean
  onCloseDrawer: () => void
}

/**
 * The element the workbench renders into, with the phone drawer's bar.
 *
 * @example
 * ```tsx
 * <WorkbenchSlot workbench={workbench} appId="hello" drawer={false} onCloseDrawer={close} />
 * ```
 */
export function WorkbenchSlot({ workbench, appId, drawer, onCloseDrawer }: WorkbenchSlotProps): JSX.Element {
  const words = useSlotWords()
  const target = useRef<HTMLDivElement | null>(null)
  useEffect(() => {
    if (target.current) workbench.render(target.current, appId)
  }, [workbench, appId])
  useEffect(() => {
    if (!drawer) return
    // Opened: focus goes to the selected tab; closed: back to the button that opened it.
    target.current?.querySelector<HTMLElement>('[role=tab][aria-selected=true]')?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCloseDrawer()
    }
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.getElementById('workbench-toggle')?.focus()
    }
  }, [drawer])
  return (
    <div class="wl-wb-slot" id="workbench" data-drawer={drawer}>
      <div class="wl-wb-drawerbar">
        <strong>{words.workbench}</strong>
        <Button variant="ghost" class="wl-iconbtn" aria-label={words.close} onClick={onCloseDrawer}>
          <Icon name="close" />
        </Button>
      </div>
      <div ref={target} />
    </div>
  )
}
