import { useDidHide, useDidShow } from '@tarojs/taro'
import { ref, type Ref } from 'vue'

/**
 * Whether this page is the one on screen. Tab pages stay mounted when the user switches tabs:
 * give this as the composables' `enabled`, and a hidden tab gives its socket back.
 */
export function usePageVisible(): Ref<boolean> {
  const visible = ref(true)
  useDidShow(() => (visible.value = true))
  useDidHide(() => (visible.value = false))
  return visible
}
