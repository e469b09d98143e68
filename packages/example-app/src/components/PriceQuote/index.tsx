import { Text } from '@tarojs/components'
import { arrowOf, formatChange, formatPrice, toneOf } from '../../prices'
import './index.css'

/** A price with the arrow of its last move. `stale`: the last known price, not updating. */
export function Price({ price, move, stale, className }: { price: number | undefined; move: number; stale: boolean; className?: string }) {
  const arrow = stale ? '' : arrowOf(move)
  return (
    <Text className={`price-quote ${className ?? ''}`}>
      <Text className={`price-quote__arrow price-quote__arrow--${toneOf(move)}`}>{arrow}</Text>
      {price === undefined ? '—' : formatPrice(price)}
    </Text>
  )
}

/** A change in percent, green up and red down; grey while stale. */
export function Change({ percent, stale, className }: { percent: number | undefined; stale: boolean; className?: string }) {
  const tone = percent === undefined || stale ? 'flat' : toneOf(percent)
  return <Text className={`price-change price-change--${tone} ${className ?? ''}`}>{percent === undefined ? '' : formatChange(percent)}</Text>
}
