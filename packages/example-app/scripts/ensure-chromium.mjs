// The browser test uses Debian's Chromium (never a downloaded browser). Install it with apt
// when it is missing; fail loudly when that is not possible.
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CHROMIUM = '/usr/bin/chromium'
if (!existsSync(CHROMIUM)) {
  console.log('Installing Debian chromium for the browser test…')
  try {
    const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : ''
    execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`, {
      stdio: 'inherit',
    })
  } catch {
    console.error(`Could not install chromium with apt; install Debian's chromium package (${CHROMIUM}) and run again.`)
    process.exit(1)
  }
}
if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is still missing after apt-get install chromium.`)
  process.exit(1)
}
