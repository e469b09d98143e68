export default defineAppConfig({
  pages: ['pages/chat/index', 'pages/feed/index', 'pages/connections/index'],
  window: {
    navigationBarTitleText: 'taro-socket-hooks',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f8',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#1a73e8',
    list: [
      { pagePath: 'pages/chat/index', text: 'Chat' },
      { pagePath: 'pages/feed/index', text: 'Live feed' },
      { pagePath: 'pages/connections/index', text: 'Connections' },
    ],
  },
})
