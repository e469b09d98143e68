module.exports = {
  // vueJsx: false: the pages are single-file components with templates, no JSX.
  presets: [['taro', { framework: 'vue3', ts: true, compiler: 'webpack5', vueJsx: false }]],
}
