import { useDidShow } from '@tarojs/taro'
import { useState } from 'react'

/** The last time this page's connection dropped, and when it came back (null while it is down). */
export interface Outage {
  since: number
  /** When the socket opened again; null while it is still down. */
  back: number | null
}

/**
 * Follows a page's connection through drops, from the socket's own callbacks (no effects
 * watching statuses): pass `onOpen` and `onClose` to the page's socket. Showing the page again
 * starts afresh: a hidden page let go of its socket on purpose.
 */
export function useOutage() {
  const [outage, setOutage] = useState<Outage | null>(null)
  const [opened, setOpened] = useState(false)
  useDidShow(() => {
    setOutage(null)
    setOpened(false)
  })
  return {
    outage,
    dismiss: () => setOutage(null),
    onOpen: () => {
      setOpened(true)
      setOutage((o) => (o && o.back === null ? { ...o, back: Date.now() } : o))
    },
    onClose: () => {
      if (opened) setOutage((o) => (o && o.back === null ? o : { since: Date.now(), back: null }))
    },
  }
}

/** 12:03:04, the time of day on this device. */
export const clockTime = (ms: number) => new Date(ms).toTimeString().slice(0, 8)

/** "4 s", "2 min": how long an outage lasted. */
export function duration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000))
  return seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`
}
