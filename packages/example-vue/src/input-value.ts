/** What Taro's input event carries (`detail.value`); Vue's template types see a DOM InputEvent. */
export const inputValue = (event: unknown): string => (event as { detail: { value: string } }).detail.value
