import { useDidHide, useDidShow } from '@tarojs/taro'
import { useState } from 'react'

/**
 * Whether this page is the one on screen. Tab pages stay mounted when the user switches
 * tabs, so their sockets would stay open (and their messages keep rendering) unless the page
 * lets go: pass this as `useSocket`'s `enabled`, and a hidden tab gives its slot back.
 */
export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(true)
  useDidShow(() => setVisible(true))
  useDidHide(() => setVisible(false))
  return visible
}
