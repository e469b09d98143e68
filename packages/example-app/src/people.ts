const ADJECTIVES = [
  'Amber',
  'Brave',
  'Calm',
  'Clever',
  'Coral',
  'Gentle',
  'Golden',
  'Happy',
  'Jade',
  'Lucky',
  'Misty',
  'Nimble',
  'Quiet',
  'Rapid',
  'Silver',
  'Sunny',
]
const ANIMALS = ['Otter', 'Falcon', 'Panda', 'Heron', 'Lynx', 'Koala', 'Marten', 'Orca', 'Puffin', 'Robin', 'Seal', 'Tapir', 'Wren', 'Yak', 'Bison', 'Gecko']

const pick = (list: readonly string[]) => list[Math.floor(Math.random() * list.length)] ?? ''

/**
 * This app's user for the session. `user` tells people apart (it is unique: the time and a
 * random part), `name` is what others see; two people may share a name, never a `user`.
 */
export const ME = {
  user: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
  name: `${pick(ADJECTIVES)} ${pick(ANIMALS)}`,
} as const

/** Two letters for an avatar: "Amber Otter" → "AO". */
export function initials(name: string): string {
  const words = name.split(/\s+/).filter(Boolean)
  const letters = words.length > 1 ? `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}` : name.slice(0, 2)
  return letters.toUpperCase()
}
