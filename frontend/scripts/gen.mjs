// Generates the API types from ../proto with protoc-gen-es into src/gen (git-ignored).
// Run by `npm run build` and `npm test`; never edit src/gen by hand.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'src/gen')
const plugin = join(root, 'node_modules/.bin/protoc-gen-es')
const protos = [
  'champion/v1/data.proto',
  'champion/v1/options.proto',
  'champion/v1/catalog.proto',
  'champion/v1/selection.proto',
  // The champion protos import these; protoc-gen-es needs them generated too.
  'google/api/annotations.proto',
  'google/api/http.proto',
]

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
execFileSync(
  'protoc',
  [
    '-I', join(root, '../proto'),
    '-I', '/usr/share/gocode/src/github.com/gogo/googleapis',
    '-I', '/usr/include',
    `--plugin=protoc-gen-es=${plugin}`,
    `--es_out=${out}`,
    // js+dts: target=ts emits `export enum`, which erasableSyntaxOnly rejects.
    '--es_opt=target=js+dts,import_extension=none',
    ...protos,
  ],
  { stdio: 'inherit', cwd: root },
)
console.log(`gen: ${protos.length} protos -> src/gen`)
