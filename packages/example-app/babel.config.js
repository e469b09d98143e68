module.exports = {
  // hot: false pairs with h5.devServer.hot: false in config/index.ts (no fast refresh).
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', hot: false }]],
}
