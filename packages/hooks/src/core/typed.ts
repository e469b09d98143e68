import type { Field, Protocol, RequestMap, TopicMap } from './protocol'
import type { RequestOptions } from './topics'

/** The topic map a protocol was defined with. */
export type TopicsOf<P> = P extends Protocol<infer T, unknown> ? T : TopicMap

/** The request map a protocol was defined with. */
export type RequestsOf<P> = P extends Protocol<unknown, infer R> ? R : RequestMap

/** `request(method, params, { timeout })`, typed by the protocol's request map. */
export type RequestFunction<Requests> = <M extends keyof Requests & string>(
  method: M,
  params: Field<Requests, M, 'params'>,
  options?: RequestOptions,
) => Promise<Field<Requests, M, 'result'>>
