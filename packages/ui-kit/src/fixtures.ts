import type { Manifest, TransactionRequest } from '@chainless/protocol'

/** Sample data for tests and the gallery (not exported from the package). */
export const ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
export const TOKEN = '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359'

export const manifest: Manifest = {
  appId: 'hello',
  name: 'Hello Swap',
  description: 'Swap tokens on the local chain.',
  icon: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  version: '1.2.0',
  origin: 'http://hello.localhost:8090',
  entryUrl: 'http://hello.localhost:8090/',
  scopes: ['user:basic', 'user:phone', 'user:email', 'tx:sign'],
  contracts: [{ chainId: 31337, address: TOKEN, name: 'Demo Token (CRC20)' }],
  developer: { name: 'Example Labs', url: 'https://example.com' },
  sourceUrl: 'https://github.com/example/hello-swap',
  audit: {
    auditor: 'Trail of Examples',
    url: 'https://audits.example.com/hello-swap.pdf',
    date: '2026-01-15',
  },
  securityRating: 'B',
  updatedAt: '2026-03-01T10:00:00Z',
  status: 'listed',
}

/** Everything a hostile manifest could put in its strings. */
export const hostileManifest: Manifest = {
  ...manifest,
  name: `Wallet\u202Egnp.exe <img src=x onerror=alert(1)> ${'W'.repeat(10_000)}`,
  origin: 'http://evil.localhost:8090/\u200B',
  icon: 'javascript:alert(1)',
  sourceUrl: 'javascript:alert(1)',
  developer: { name: '<script>alert(1)</script>\u2066admin\u2069' },
  audit: { auditor: 'Trust\u200Bme', url: 'javascript:alert(2)' },
  securityRating: 'D',
  contracts: [
    { chainId: 31337, address: `${TOKEN.slice(0, 12)}\u200B${TOKEN.slice(12)}`, name: 'Tok\u202Een' },
  ],
}

export const transaction: Omit<TransactionRequest, 'signal'> = {
  manifest,
  chainId: 31337,
  from: ADDRESS,
  to: TOKEN,
  value: '0',
  data: '0xa9059cbb000000000000000000000000fb6916095ca1df60bb79ce92ce3ea74c37c5d3590000000000000000000000000000000000000000000000000de0b6b3a7640000',
  decoded: {
    method: 'transfer(address,uint256)',
    args: [
      { name: 'to', type: 'address', value: '0xde709f2102306220921060314715629080e2fb77' },
      { name: 'amount', type: 'uint256', value: '1.0 DEMO' },
    ],
  },
  fee: { amount: '21000000000000', symbol: 'ETH', decimals: 18, payer: 'user' },
  warnings: [
    { level: 'info', message: 'First transaction with this app.' },
    { level: 'danger', message: 'The recipient is not a contract this app declares.' },
  ],
}

export const typedData = {
  types: {
    EIP712Domain: [
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
    ],
    Person: [
      { name: 'name', type: 'string' },
      { name: 'wallet', type: 'address' },
    ],
    Mail: [
      { name: 'from', type: 'Person' },
      { name: 'to', type: 'Person[]' },
      { name: 'contents', type: 'string' },
    ],
  },
  primaryType: 'Mail',
  domain: { name: 'Ether Mail', version: '1', chainId: 31337, verifyingContract: TOKEN },
  message: {
    from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
    to: [{ name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' }],
    contents: 'Hello, Bob!',
  },
}
