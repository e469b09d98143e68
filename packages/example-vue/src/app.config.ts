export default defineAppConfig({
  pages: ['pages/chat/index', 'pages/live/index'],
  window: {
    navigationBarTitleText: 'taro-socket-hooks · Vue',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#eef1f6',
  },
  tabBar: {
    color: '#8a909c',
    selectedColor: '#2f6bff',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/chat/index', text: 'Chat' },
      { pagePath: 'pages/live/index', text: 'Live' },
    ],
  },
})
