export default defineAppConfig({
  pages: ['pages/chat/index', 'pages/feed/index', 'pages/connections/index', 'pages/live/index'],
  window: {
    navigationBarTitleText: 'taro-socket-hooks',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#eef1f6',
  },
  tabBar: {
    color: '#4a5263',
    selectedColor: '#2456d9',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    // 81×81 PNGs drawn by scripts/make-tab-icons.mjs; tab bars take no SVG.
    list: [
      {
        pagePath: 'pages/chat/index',
        text: 'Chat',
        iconPath: 'assets/tab/chat.png',
        selectedIconPath: 'assets/tab/chat-active.png',
      },
      {
        pagePath: 'pages/feed/index',
        text: 'Prices',
        iconPath: 'assets/tab/feed.png',
        selectedIconPath: 'assets/tab/feed-active.png',
      },
      {
        pagePath: 'pages/connections/index',
        text: 'Connections',
        iconPath: 'assets/tab/connections.png',
        selectedIconPath: 'assets/tab/connections-active.png',
      },
      {
        pagePath: 'pages/live/index',
        text: 'Live',
        iconPath: 'assets/tab/live.png',
        selectedIconPath: 'assets/tab/live-active.png',
      },
    ],
  },
})
