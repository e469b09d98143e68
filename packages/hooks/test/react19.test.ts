import { version } from 'react'
import { version as domVersion } from 'react-dom'

// Run only by the react-19 jest project: fails if its mapping to the React 19 copies stops applying.
it('runs on React 19', () => {
  expect(version).toMatch(/^19\./)
  expect(domVersion).toMatch(/^19\./)
})
