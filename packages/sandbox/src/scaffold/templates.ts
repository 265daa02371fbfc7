/** The files of a new mini-program (`chainless-sandbox new <name>`), as text by relative path. */
export function scaffoldFiles(input: { name: string; appId: string; jsSdk: string }): Record<string, string> {
  const pkg = {
    name: input.appId,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      build: 'node build.mjs',
      dev: 'node build.mjs --watch',
      start: `chainless-sandbox --app .`,
    },
    // read by `chainless-sandbox --app`: what the wallet may grant this app
    chainless: { scopes: ['user:basic', 'tx:sign', 'tx:broadcast', 'asset:read', 'asset:transfer'] },
    dependencies: { '@chainless/js-sdk': input.jsSdk },
    devDependencies: { esbuild: '^0.25.0', typescript: '^5.0.0' },
  }
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          lib: ['ES2022', 'DOM'],
          noEmit: true,
          skipLibCheck: true,
        },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
    'build.mjs': BUILD,
    'index.html': html(input.name),
    'src/main.ts': MAIN,
    'README.md': readme(input.name),
    '.gitignore': 'node_modules/\ndist/\n',
  }
}

const BUILD = `// Bundles src/main.ts and copies index.html into dist/ (esbuild). --watch rebuilds on change.
import { copyFileSync, mkdirSync } from 'node:fs'
import * as esbuild from 'esbuild'

const watch = process.argv.includes('--watch')
mkdirSync('dist', { recursive: true })
const copyHtml = {
  name: 'copy-html',
  setup(build) {
    build.onEnd(() => copyFileSync('index.html', 'dist/index.html'))
  },
}
const options = {
  entryPoints: ['src/main.ts'],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  outfile: 'dist/app.js',
  sourcemap: true,
  logLevel: 'info',
  plugins: [copyHtml],
}
if (watch) await (await esbuild.context(options)).watch()
else await esbuild.build(options)
`

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)
}

function html(name: string): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(name)}</title>
  <style>
    body { font: 16px system-ui, sans-serif; margin: 0; padding: 16px; }
    button { font: inherit; padding: 10px 14px; margin: 4px 0; width: 100%; border-radius: 8px; border: 1px solid #999; }
    output { display: block; overflow-wrap: anywhere; margin: 4px 0 12px; color: #555; }
  </style>
</head>
<body>
  <h1>${escapeHtml(name)}</h1>
  <button id="connect">Connect</button>
  <output id="account">—</output>
  <button id="sign" disabled>Sign a message</button>
  <output id="signature">—</output>
  <button id="send" disabled>Send 0.001 DW20 to myself</button>
  <output id="tx">—</output>
  <script type="module" src="./app.js"></script>
</body>
</html>
`
}

const MAIN = `// The first screen: connect, sign, send, through the wallet (the app never holds a key).
import { ready } from '@chainless/js-sdk'
import { getProvider } from '@chainless/js-sdk/wallet'

const provider = getProvider()
const $ = (id: string) => document.getElementById(id) as HTMLButtonElement & HTMLOutputElement
let account = ''

function show(id: string, text: string) {
  $(id).textContent = text
}

$('connect').onclick = async () => {
  try {
    const [first] = (await provider.request({ method: 'eth_requestAccounts' })) as string[]
    account = first ?? ''
    show('account', account || 'no account')
    $('sign').disabled = $('send').disabled = !account
  } catch (error) {
    show('account', \`refused: \${(error as Error).message}\`)
  }
}

$('sign').onclick = async () => {
  try {
    const message = \`0x\${[...new TextEncoder().encode('Hello from my mini-program')]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('')}\`
    show('signature', (await provider.request({ method: 'personal_sign', params: [message, account] })) as string)
  } catch (error) {
    show('signature', \`refused: \${(error as Error).message}\`)
  }
}

$('send').onclick = async () => {
  try {
    // 0.001 DW20 (the dev chain's native currency, 18 decimals) to yourself
    const hash = (await provider.request({
      method: 'eth_sendTransaction',
      params: [{ from: account, to: account, value: '0x38d7ea4c68000' }],
    })) as string
    show('tx', hash)
  } catch (error) {
    show('tx', \`refused: \${(error as Error).message}\`)
  }
}

ready()
  .then(() => {
    document.documentElement.dataset.ready = 'true'
  })
  .catch((error: Error) => show('account', \`Open me in the wallet: \${error.message}\`))
`

function readme(name: string): string {
  return `# ${name}

A Chainless mini-program: it connects, signs and sends through the wallet.

\`\`\`sh
npm install          # @chainless/js-sdk and esbuild
npm start            # chainless-sandbox --app . : builds on start and on change, serves it
\`\`\`

Open the demo wallet the sandbox prints (http://localhost:8080), find this app in the catalog, press
Connect, Sign, Send. Edit src/main.ts: the sandbox rebuilds it; press the wallet's Reload.
`
}
