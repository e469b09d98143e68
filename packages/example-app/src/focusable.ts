/**
 * Spread on a tappable element: on H5, Taro's Button and View are custom elements that a
 * keyboard cannot reach (and a scrolling page with nothing to focus cannot be scrolled from the
 * keyboard); tabIndex makes them reachable. The mini-program builds ignore it. Not in Taro's
 * component types, hence the spread.
 */
export const focusable: Record<string, unknown> = { tabIndex: 0 }
