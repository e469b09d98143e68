/**
 * The build's mode. Bundlers (Taro's webpack, esbuild, Vite) replace `process.env.NODE_ENV`
 * with a literal, so production builds drop whatever only development needs (full error texts).
 * The one place outside `taro/` that reads `process.env`.
 */
export const DEV: boolean = process.env.NODE_ENV !== 'production'
