/**
 * taro-socket-hooks/testing/components: the @tarojs/components stand-ins render DOM elements that
 * Testing Library can find and drive, and call a page's handlers with Taro-shaped events.
 */
import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { Button, Image, Input, ScrollView, Text, Textarea, View } from '../../src/testing/components'

it('renders View, Text, ScrollView and Image as div, span, div and img, with the DOM props and no Taro-only ones', () => {
  const { container } = render(
    <View id="page" className="page" style="color: red; font-size: 12px" data-testid="view" hoverClass="hover">
      <Text selectable>hello</Text>
      <ScrollView scrollY className="list" style={{ height: 100 }}>
        <Image src="https://example.com/a.png" mode="aspectFill" aria-label="avatar" />
      </ScrollView>
    </View>,
  )
  const view = screen.getByTestId('view')
  expect(view.tagName).toBe('DIV')
  expect(view.id).toBe('page')
  expect(view.className).toBe('page')
  expect(view.style.color).toBe('red')
  expect(view.style.fontSize).toBe('12px')
  expect(view.hasAttribute('hoverClass')).toBe(false)
  expect(view.hasAttribute('hoverclass')).toBe(false)
  expect(screen.getByText('hello').tagName).toBe('SPAN')
  const list = container.querySelector('.list') as HTMLElement
  expect(list.tagName).toBe('DIV')
  expect(list.style.overflowY).toBe('auto')
  expect(list.style.height).toBe('100px')
  const image = screen.getByLabelText('avatar')
  expect(image.tagName).toBe('IMG')
  expect(image.getAttribute('src')).toBe('https://example.com/a.png')
  expect(image.hasAttribute('mode')).toBe(false)
})

it('Input calls onInput with { detail: { value, cursor } } as Taro does, follows its value, and keeps what is typed without one', () => {
  const seen: unknown[] = []
  function Form() {
    const [draft, setDraft] = useState('')
    return (
      <>
        <Input
          placeholder="Message"
          value={draft}
          onInput={(e: { type: string; detail: { value: string; cursor: number } }) => {
            seen.push({ type: e.type, detail: e.detail })
            setDraft(e.detail.value)
          }}
        />
        <Text data-testid="draft">{draft}</Text>
        <Button onClick={() => setDraft('')}>Clear</Button>
        <Input placeholder="Free" />
      </>
    )
  }
  render(<Form />)
  const input = screen.getByPlaceholderText('Message') as HTMLInputElement
  expect(input.tagName).toBe('INPUT')
  expect(input.type).toBe('text')
  expect(input.maxLength).toBe(140)
  fireEvent.change(input, { target: { value: 'hi' } })
  expect(seen).toEqual([{ type: 'input', detail: { value: 'hi', cursor: 2 } }])
  expect(screen.getByTestId('draft').textContent).toBe('hi')
  // The page sets value: the field follows.
  fireEvent.click(screen.getByText('Clear'))
  expect(input.value).toBe('')
  // No value and no handler: the field keeps what is typed.
  const free = screen.getByPlaceholderText('Free') as HTMLInputElement
  fireEvent.change(free, { target: { value: 'kept' } })
  expect(free.value).toBe('kept')
})

it('Input confirms on Enter; Input and Textarea report focus and blur with the value', () => {
  const events: string[] = []
  const log = (name: string) => (e: { detail: { value: string } }) => events.push(`${name}:${e.detail.value}`)
  render(
    <>
      <Input placeholder="a" value="x" password onConfirm={log('confirm')} onFocus={log('focus')} onBlur={log('blur')} />
      <Textarea placeholder="b" value="line" onInput={log('input')} onConfirm={log('confirm')} />
    </>,
  )
  const input = screen.getByPlaceholderText('a') as HTMLInputElement
  expect(input.type).toBe('password')
  fireEvent.focus(input)
  fireEvent.keyDown(input, { key: 'Enter' })
  fireEvent.blur(input)
  const area = screen.getByPlaceholderText('b') as HTMLTextAreaElement
  expect(area.tagName).toBe('TEXTAREA')
  expect(area.value).toBe('line')
  fireEvent.change(area, { target: { value: 'line two' } })
  fireEvent.keyDown(area, { key: 'Enter', shiftKey: true }) // a new line, not a confirm
  fireEvent.keyDown(area, { key: 'Enter' })
  expect(events).toEqual(['focus:x', 'confirm:x', 'blur:x', 'input:line two', 'confirm:line two'])
})

it('Button taps with onClick or onTap, and a disabled one taps nothing', () => {
  const taps: string[] = []
  render(
    <>
      <Button onClick={() => taps.push('click')}>One</Button>
      <Button onTap={() => taps.push('tap')}>Two</Button>
      <Button disabled onClick={() => taps.push('disabled')}>
        Three
      </Button>
    </>,
  )
  for (const name of ['One', 'Two', 'Three']) fireEvent.click(screen.getByText(name))
  expect(taps).toEqual(['click', 'tap'])
  expect(screen.getByText('One').tagName).toBe('BUTTON')
  expect(screen.getByText('One').getAttribute('type')).toBe('button')
})

it('ScrollView reports scrolls in detail, View taps with the target id and dataset', () => {
  const seen: unknown[] = []
  render(
    <ScrollView scrollY data-testid="list" onScroll={(e: { detail: unknown }) => seen.push(e.detail)}>
      <View id="row" data-index="3" onClick={(e: { currentTarget: { id: string; dataset: Record<string, string> } }) => seen.push(e.currentTarget.dataset)}>
        row
      </View>
    </ScrollView>,
  )
  const list = screen.getByTestId('list')
  fireEvent.scroll(list, { target: { scrollTop: 40 } })
  fireEvent.click(screen.getByText('row'))
  expect(seen[0]).toMatchObject({ scrollTop: 40 })
  expect(seen[1]).toMatchObject({ index: '3' })
})
