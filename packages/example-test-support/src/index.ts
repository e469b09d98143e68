// Test support shared by the example apps (React and Vue): the mini-program logic layer that runs
// their compiled WeChat and Alipay bundles, a static server for their H5 builds, and port helpers.
export * from './mini-program-host'
export * from './ports'
export * from './static-server'
