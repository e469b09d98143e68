/**
 * taro-socket-hooks/testing/components: a Jest stand-in for the common `@tarojs/components`,
 * rendering plain DOM elements so that a page's own code runs under jsdom and Testing Library.
 * `@tarojs/components` itself is ES modules built for Taro's compiler and does not load in Jest.
 *
 * Map it in jest.config.js: `moduleNameMapper: { '^@tarojs/components$': 'taro-socket-hooks/testing/components' }`.
 *
 * Events reach your handlers as Taro's do: `onInput`, `onConfirm`, `onFocus` and `onBlur` of
 * Input and Textarea get `{ type, detail: { value, cursor }, target, currentTarget }`; taps
 * (`onClick`, or `onTap`) get the DOM click event. Props with no DOM meaning (`hoverClass`,
 * `scrollY`, `mode`, ...) are dropped; `id`, `className`, `style` (an object or a CSS string),
 * `hidden`, `data-*` and `aria-*` reach the element. Only React is imported.
 */
import { createElement, useLayoutEffect, useRef, type ReactElement, type ReactNode } from 'react'

/** What the stand-ins read from any element (a loose shape: your pages type-check against Taro's own types). */
type DomLike = { value?: string; selectionStart?: number | null; id?: string; dataset?: Record<string, string | undefined> }
type DomEvent = { type: string; target: unknown; currentTarget: unknown; timeStamp: number; stopPropagation(): void; preventDefault(): void }
type Handler = (event: never) => void

export interface TaroEvent<Detail = Record<string, unknown>> {
  type: string
  detail: Detail
  target: { id: string; dataset: Record<string, string | undefined> }
  currentTarget: { id: string; dataset: Record<string, string | undefined> }
  timeStamp: number
  stopPropagation(): void
  preventDefault(): void
}

/** Props every stand-in accepts; any other Taro prop is accepted and ignored. */
export interface StandInProps {
  id?: string
  className?: string
  style?: string | Record<string, string | number | undefined>
  hidden?: boolean
  children?: ReactNode
  onClick?: Handler
  onTap?: Handler
  onTouchStart?: Handler
  onTouchMove?: Handler
  onTouchEnd?: Handler
  onTouchCancel?: Handler
  onLongPress?: Handler
  [prop: string]: unknown
}

const EVENTS: Record<string, string> = {
  onClick: 'onClick',
  onTap: 'onClick',
  onTouchStart: 'onTouchStart',
  onTouchMove: 'onTouchMove',
  onTouchEnd: 'onTouchEnd',
  onTouchCancel: 'onTouchCancel',
  onLongPress: 'onContextMenu',
}

/** `"color: red; font-size: 12px"` → `{ color: 'red', fontSize: '12px' }`, as React DOM takes it. */
function styleObject(style: unknown): Record<string, unknown> | undefined {
  if (typeof style !== 'string') return style as Record<string, unknown> | undefined
  const out: Record<string, string> = {}
  for (const rule of style.split(';')) {
    const colon = rule.indexOf(':')
    if (colon < 0) continue
    const name = rule.slice(0, colon).trim()
    if (!name) continue
    const key = name.startsWith('--') ? name : name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
    out[key] = rule.slice(colon + 1).trim()
  }
  return out
}

/** The props a DOM element understands: the shared ones, data-* and aria-*, and taps. */
function domProps(props: StandInProps): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined) continue
    if (name === 'id' || name === 'className' || name === 'hidden' || name === 'role' || name === 'title') out[name] = value
    else if (name === 'style') out.style = styleObject(value)
    else if (name.startsWith('data-') || name.startsWith('aria-')) out[name] = value
    else if (name === 'dangerouslySetInnerHTML') out[name] = value
  }
  // onTap is an alias of onClick; with both, both run.
  for (const [name, dom] of Object.entries(EVENTS)) {
    const handler = props[name] as ((event: unknown) => void) | undefined
    if (typeof handler !== 'function') continue
    const before = out[dom] as ((event: unknown) => void) | undefined
    out[dom] = before
      ? (event: unknown) => {
          before(event)
          handler(event)
        }
      : handler
  }
  return out
}

function node(element: unknown): { id: string; dataset: Record<string, string | undefined> } {
  const el = (element ?? {}) as DomLike
  return { id: el.id ?? '', dataset: { ...(el.dataset ?? {}) } }
}

/** A Taro-shaped event (`e.detail.value`) from a DOM one. */
function taroEvent<Detail>(type: string, event: DomEvent, detail: Detail): TaroEvent<Detail> {
  return {
    type,
    detail,
    target: node(event.target),
    currentTarget: node(event.currentTarget),
    timeStamp: event.timeStamp,
    stopPropagation: () => event.stopPropagation(),
    preventDefault: () => event.preventDefault(),
  }
}

function call(handler: unknown, event: unknown): void {
  if (typeof handler === 'function') (handler as (event: unknown) => void)(event)
}

function element(tag: string, displayName: string) {
  const Component = (props: StandInProps): ReactElement => createElement(tag, domProps(props), props.children)
  Component.displayName = displayName
  return Component
}

/** `<div>` */
export const View = element('div', 'View')
/** `<span>` */
export const Text = element('span', 'Text')

/** `<div>`, scrolling; `onScroll` gets `{ detail: { scrollTop, scrollLeft, scrollHeight, scrollWidth } }`. */
export function ScrollView(props: StandInProps): ReactElement {
  const { scrollX, scrollY, onScroll } = props
  const style = { ...styleObject(props.style), overflowX: scrollX ? 'auto' : 'hidden', overflowY: scrollY ? 'auto' : 'hidden' }
  return createElement(
    'div',
    {
      ...domProps(props),
      style,
      onScroll: (event: DomEvent) => {
        const el = event.currentTarget as { scrollTop: number; scrollLeft: number; scrollHeight: number; scrollWidth: number }
        const { scrollTop, scrollLeft, scrollHeight, scrollWidth } = el
        call(onScroll, taroEvent('scroll', event, { scrollTop, scrollLeft, scrollHeight, scrollWidth }))
      },
    },
    props.children,
  )
}
ScrollView.displayName = 'ScrollView'

/** `<img src>`; `onLoad` gets `{ detail: { width, height } }`, `onError` `{ detail: { errMsg } }`. */
export function Image(props: StandInProps): ReactElement {
  const { src, onLoad, onError } = props
  return createElement('img', {
    ...domProps(props),
    src: typeof src === 'string' ? src : undefined,
    onLoad: (event: DomEvent) => {
      const img = event.currentTarget as { naturalWidth: number; naturalHeight: number }
      call(onLoad, taroEvent('load', event, { width: img.naturalWidth, height: img.naturalHeight }))
    },
    onError: (event: DomEvent) => call(onError, taroEvent('error', event, { errMsg: 'image load failed' })),
  })
}
Image.displayName = 'Image'

/** `<button type="button">`: a tap is `onClick` (or `onTap`); `disabled` taps nothing, as on Taro. */
export function Button(props: StandInProps): ReactElement {
  return createElement('button', { ...domProps(props), type: 'button', disabled: Boolean(props.disabled) }, props.children)
}
Button.displayName = 'Button'

// Taro's maxlength: 140 unless given; -1 is no limit.
function maxLength(maxlength: unknown): number | undefined {
  if (maxlength === -1) return undefined
  return typeof maxlength === 'number' ? maxlength : 140
}

// The DOM input type for Taro's `password` and `type` (number and digit both take digits).
function inputType(props: StandInProps): string {
  if (props.password) return 'password'
  return props.type === 'number' || props.type === 'digit' ? 'number' : 'text'
}

// Input and Textarea, as on Taro: `value` sets the field's content when it changes, and what is
// typed stays in the field whether or not the page passes it back (React's controlled inputs
// would undo it).
function useField(tag: 'input' | 'textarea', props: StandInProps): ReactElement {
  const { value, placeholder, disabled, maxlength, onInput, onConfirm, onFocus, onBlur } = props
  const ref = useRef<DomLike | null>(null)
  const text = value === undefined || value === null ? undefined : String(value)
  useLayoutEffect(() => {
    if (ref.current && text !== undefined && ref.current.value !== text) ref.current.value = text
  }, [text])
  const detail = (event: DomEvent) => {
    const el = event.target as DomLike
    const current = el.value ?? ''
    return { value: current, cursor: el.selectionStart ?? current.length }
  }
  const own: Record<string, unknown> = {
    ...domProps(props),
    ref,
    defaultValue: text,
    placeholder,
    disabled: Boolean(disabled),
    maxLength: maxLength(maxlength),
    onChange: (event: DomEvent) => call(onInput, taroEvent('input', event, detail(event))),
    onFocus: (event: DomEvent) => call(onFocus, taroEvent('focus', event, { value: detail(event).value, height: 0 })),
    onBlur: (event: DomEvent) => call(onBlur, taroEvent('blur', event, detail(event))),
    onKeyDown: (event: DomEvent & { key: string; shiftKey?: boolean }) => {
      // Enter confirms an Input; in a Textarea it is a new line, unless the Textarea has onConfirm (and no Shift).
      if (event.key !== 'Enter' || (tag === 'textarea' && (event.shiftKey || !onConfirm))) return
      call(onConfirm, taroEvent('confirm', event, { value: detail(event).value }))
    },
  }
  if (tag === 'input') own.type = inputType(props)
  return createElement(tag, own)
}

/** `<input>`: typing calls `onInput({ detail: { value, cursor } })`; Enter calls `onConfirm`. */
export function Input(props: StandInProps): ReactElement {
  return useField('input', props)
}
Input.displayName = 'Input'

/** `<textarea>`: typing calls `onInput({ detail: { value, cursor } })`. */
export function Textarea(props: StandInProps): ReactElement {
  return useField('textarea', props)
}
Textarea.displayName = 'Textarea'
