import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A fenced code block of a Markdown file. */
export interface DocBlock {
  /** The fence's language: `tsx`, `js`, `sh`, ... */
  lang: string
  code: string
  /** The file it is, when the text before it ends with the file's name: `` `test/setup.js`: `` */
  file?: string
}

/** The fenced code blocks of a Markdown file of the package (a path from packages/hooks), in order. */
export function docBlocks(file: string): DocBlock[] {
  const text = readFileSync(join(__dirname, '..', file), 'utf8')
  return [...text.matchAll(/(?:`([\w./-]+\.\w+)`:\n\n)?```(\w*)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[2]!,
    code: m[3]!,
    ...(m[1] ? { file: m[1] } : {}),
  }))
}
