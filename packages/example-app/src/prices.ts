/** The symbols both price screens show, in this order. */
export const SYMBOLS = ['BTC', 'ETH', 'SOL', 'TON', 'DOGE'] as const

/** 1234.5 → "1,234.50": two decimals, thousands grouped (by hand: mini-program engines may lack Intl). */
export function formatPrice(price: number): string {
  const [whole = '0', cents = '00'] = price.toFixed(2).split('.')
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`
}

/** 1.234 → "+1.23%", -0.5 → "−0.50%" (a real minus sign, as wide as the plus). */
export function formatChange(percent: number): string {
  const rounded = Math.abs(percent) < 0.005 ? 0 : percent
  return `${rounded > 0 ? '+' : rounded < 0 ? '\u2212' : '±'}${Math.abs(rounded).toFixed(2)}%`
}

export type Tone = 'up' | 'down' | 'flat'

/** Up, down or flat, for colour. */
export const toneOf = (value: number): Tone => (value > 0 ? 'up' : value < 0 ? 'down' : 'flat')

/** The arrow of the last move (the change beside it says the same in words and sign). */
export const arrowOf = (move: number) => (move > 0 ? '▲' : move < 0 ? '▼' : '')
