import type { Manifest, TransactionRequest } from '@chainless/protocol'

/** Sample data for tests and the gallery (not exported from the package). */
export const ADDRESS = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'
export const TOKEN = '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359'
export const PAYEE = '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB'
export const UNKNOWN = '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb'

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
  fee: { amount: '21000000000000', symbol: 'DW20', decimals: 18, payer: 'user' },
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

const FEE = transaction.fee

/** A sponsored contract call: the platform pays the fee. */
export const sponsoredTransaction: Omit<TransactionRequest, 'signal'> = {
  ...transaction,
  chainName: 'Chainless Dev',
  fee: { ...FEE, amount: '64000000000000', payer: 'platform' },
  warnings: [],
}

/** `pay({ to, amount })` in the native currency. */
export const paymentNative: Omit<TransactionRequest, 'signal'> = {
  manifest,
  kind: 'payment',
  chainId: 31337,
  chainName: 'Chainless Dev',
  from: ADDRESS,
  to: PAYEE,
  value: '2500000000000000000',
  fee: FEE,
  warnings: [],
}

/** `pay({ to, amount, token })` in a CRC20: `to` is the payee, the token names the contract. */
export const paymentToken: Omit<TransactionRequest, 'signal'> = {
  ...paymentNative,
  value: '0',
  token: { address: TOKEN, symbol: 'DEMO', decimals: 6, amount: '12345000' },
  data: '0xa9059cbb000000000000000000000000dbf03b407c01e7cd3cbea99509d93f8dddc8c6fb0000000000000000000000000000000000000000000000000000000000bc5ea8',
  decoded: {
    contractName: 'Demo Token (CRC20)',
    method: 'transfer(address,uint256)',
    args: [
      { name: 'to', type: 'address', value: PAYEE },
      { name: 'amount', type: 'uint256', value: '12.345 DEMO' },
    ],
  },
}

/** `wallet_sendCalls` with three calls: a decoded approve, an undecodable call, a plain transfer. */
export const batch: Omit<TransactionRequest, 'signal'> = {
  manifest,
  kind: 'batch',
  chainId: 31337,
  chainName: 'Chainless Dev',
  from: ADDRESS,
  value: '1500000000000000000',
  calls: [
    {
      to: TOKEN,
      value: '0',
      data: '0x095ea7b3000000000000000000000000dbf03b407c01e7cd3cbea99509d93f8dddc8c6fb00000000000000000000000000000000000000000000000000000000000f4240',
      decoded: {
        method: 'approve(address,uint256)',
        args: [
          { name: 'spender', type: 'address', value: PAYEE },
          { name: 'value', type: 'uint256', value: '1 DEMO' },
        ],
      },
    },
    {
      to: UNKNOWN,
      value: '500000000000000000',
      data: '0xdeadbeef00000000000000000000000000000000000000000000000000000000000000ff',
    },
    { to: PAYEE, value: '1000000000000000000' },
  ],
  fee: { ...FEE, amount: '150000000000000' },
  warnings: [{ level: 'warning', message: 'Call 2 goes to a contract this app does not declare.' }],
}
