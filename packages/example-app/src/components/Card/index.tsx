import { View } from '@tarojs/components'
import type { PropsWithChildren } from 'react'
import './index.css'

/** A white panel on the page's grey: the pages' sections. */
export function Card({ id, className, children }: PropsWithChildren<{ id?: string; className?: string }>) {
  return (
    <View className={`card ${className ?? ''}`} id={id}>
      {children}
    </View>
  )
}
