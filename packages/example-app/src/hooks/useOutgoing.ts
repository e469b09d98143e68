import { useState } from 'react'
import type { ChatItem, Delivery } from '../components/ChatLog'
import { problemText } from '../connection-state'
import { ME } from '../people'

/** A message of mine the server has not sent back yet. */
export interface Outgoing {
  /** Mine, unique: the server sends it back with the message, and it keys the list. */
  id: string
  text: string
  delivery: Delivery
  problem?: string
}

let made = 0

/**
 * My messages on their way, for a chat page: each shows at once as sending, becomes sent when
 * `deliver` resolves (the library handed it to the socket), or not sent with the reason when it
 * rejects, and Retry delivers it again. `received(id)` drops it once the server's copy arrived.
 */
export function useOutgoing(deliver: (message: Outgoing) => Promise<void>) {
  const [list, setList] = useState<Outgoing[]>([])
  const update = (id: string, change: Partial<Outgoing>) => setList((all) => all.map((m) => (m.id === id ? { ...m, ...change } : m)))
  const attempt = (message: Outgoing) => {
    deliver(message).then(
      () => update(message.id, { delivery: 'sent' }),
      (error: { code?: string }) => update(message.id, { delivery: 'failed', problem: problemText(error) }),
    )
  }
  return {
    list,
    /** Messages not out yet. */
    sending: list.filter((m) => m.delivery === 'sending').length,
    send(text: string) {
      const message: Outgoing = { id: `${ME.user}-${++made}`, text, delivery: 'sending' }
      setList((all) => [...all, message])
      attempt(message)
    },
    retry(id: string) {
      const message = list.find((m) => m.id === id)
      if (!message) return
      update(id, { delivery: 'sending', problem: undefined })
      attempt(message)
    },
    /** The server refused it, saying why. */
    refused: (id: string, problem: string) => update(id, { delivery: 'failed', problem }),
    /** The server's copy arrived: the message is in the log now. */
    received: (id: string) => setList((all) => all.filter((m) => m.id !== id)),
    clear: () => setList([]),
    /** As items of a ChatLog, after the log's own. */
    items: (): ChatItem[] =>
      list.map((m) => ({ kind: 'message', key: m.id, name: ME.name, text: m.text, mine: true, delivery: m.delivery, problem: m.problem })),
  }
}
