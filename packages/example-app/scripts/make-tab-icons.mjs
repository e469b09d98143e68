// Draws the tab bar icons (81×81 PNG, the size WeChat and Alipay recommend; both cap them at
// 40 kB) from a few strokes, so they can be redrawn without an image editor or a dependency:
//   node scripts/make-tab-icons.mjs   → src/assets/tab/<name>.png and <name>-active.png
import { mkdirSync, writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const SIZE = 81
const STROKE = 6
const COLORS = { idle: [0x8a, 0x90, 0x9c], active: [0x2f, 0x6b, 0xff] }

// Signed distances (negative inside), in pixels.
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r
const ring = (cx, cy, r) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) - STROKE / 2
function segment(ax, ay, bx, by) {
  return (x, y) => {
    const [px, py, dx, dy] = [x - ax, y - ay, bx - ax, by - ay]
    const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)))
    return Math.hypot(px - t * dx, py - t * dy) - STROKE / 2
  }
}
function roundedBox(cx, cy, hw, hh, r) {
  return (x, y) => {
    const qx = Math.abs(x - cx) - hw + r
    const qy = Math.abs(y - cy) - hh + r
    const d = Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r
    return Math.abs(d) - STROKE / 2
  }
}
// An arc of a circle between two angles (radians, clockwise from 3 o'clock), with round ends.
function arc(cx, cy, r, from, to) {
  const ends = [from, to].map((a) => [cx + r * Math.cos(a), cy + r * Math.sin(a)])
  return (x, y) => {
    let a = Math.atan2(y - cy, x - cx)
    while (a < from) a += 2 * Math.PI
    while (a >= from + 2 * Math.PI) a -= 2 * Math.PI
    if (a <= to) return Math.abs(Math.hypot(x - cx, y - cy) - r) - STROKE / 2
    return Math.min(...ends.map(([ex, ey]) => Math.hypot(x - ex, y - ey))) - STROKE / 2
  }
}
const polyline = (...points) => points.slice(1).map((p, i) => segment(points[i][0], points[i][1], p[0], p[1]))

const ICONS = {
  // A speech bubble with a tail and three dots.
  chat: [roundedBox(40.5, 35, 30, 22, 12), segment(22, 56, 16, 70), segment(16, 70, 34, 57), circle(27, 35, 4.5), circle(40.5, 35, 4.5), circle(54, 35, 4.5)],
  // A rising price line over a baseline.
  feed: [...polyline([10, 58], [27, 40], [41, 50], [61, 24], [71, 24]), segment(10, 72, 71, 72), circle(61, 24, 5.5)],
  // Three sockets joined to a hub.
  connections: [
    ring(40.5, 42, 9),
    ring(15, 17, 7),
    ring(66, 17, 7),
    ring(40.5, 71, 6),
    segment(20, 22, 33, 35),
    segment(61, 22, 48, 35),
    segment(40.5, 51, 40.5, 65),
  ],
  // A broadcast: one source, two waves each side (several live features, one socket).
  live: [
    circle(40.5, 40.5, 7),
    arc(40.5, 40.5, 18, -Math.PI / 4, Math.PI / 4),
    arc(40.5, 40.5, 31, -Math.PI / 4, Math.PI / 4),
    arc(40.5, 40.5, 18, (3 * Math.PI) / 4, (5 * Math.PI) / 4),
    arc(40.5, 40.5, 31, (3 * Math.PI) / 4, (5 * Math.PI) / 4),
  ],
}

function render(shapes, [r, g, b]) {
  const rows = []
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4) // filter byte 0, then RGBA
    for (let x = 0; x < SIZE; x++) {
      const d = Math.min(...shapes.map((s) => s(x + 0.5, y + 0.5)))
      const alpha = Math.round(255 * Math.max(0, Math.min(1, 0.5 - d))) // one pixel of anti-aliasing
      row.set([r, g, b, alpha], 1 + x * 4)
    }
    rows.push(row)
  }
  return png(Buffer.concat(rows))
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}
function png(pixels) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(SIZE, 0)
  ihdr.writeUInt32BE(SIZE, 4)
  ihdr.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(pixels, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

const out = new URL('../src/assets/tab/', import.meta.url)
mkdirSync(out, { recursive: true })
for (const [name, shapes] of Object.entries(ICONS)) {
  for (const [variant, color] of Object.entries(COLORS)) {
    const file = new URL(`${name}${variant === 'active' ? '-active' : ''}.png`, out)
    const data = render(shapes, color)
    writeFileSync(file, data)
    console.log(`${file.pathname.split('/').slice(-3).join('/')}  ${data.length} bytes`)
  }
}
