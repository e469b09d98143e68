// The benchmarks pass their own transport and lifecycle; `@tarojs/taro` is never called.
export default {}
