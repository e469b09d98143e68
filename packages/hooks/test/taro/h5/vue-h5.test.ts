/**
 * taro-socket-hooks/vue through Taro's real H5 SocketTask (@tarojs/taro-h5) over jsdom's
 * WebSocket: the registry picks its H5 adapter by itself (no `connect` given).
 */
import { describeVueComposables } from '../../support/vue-suite'
import { describeVueTopics } from '../../support/vue-topics-suite'

describeVueComposables('h5 (Taro runtime)', (extra) => ({ options: { platform: 'h5', ...extra }, cap: 5, teardown: () => undefined }))
describeVueTopics('h5 (Taro runtime)', (extra) => ({ options: { platform: 'h5', ...extra }, teardown: () => undefined }))
