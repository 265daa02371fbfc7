/**
 * Human-readable ABIs of the token standards the sandbox's CRC20 / CRC721 / CRC1155 implement
 * (ERC-20, ERC-721, ERC-1155, plus their `mint` and `burn`), so the transaction sheet can decode a
 * call to a token whose manifest entry carries no ABI. Only functions a user may be asked to sign,
 * and the views `pay` reads.
 * @see https://eips.ethereum.org/EIPS/eip-20
 * @see https://eips.ethereum.org/EIPS/eip-721
 * @see https://eips.ethereum.org/EIPS/eip-1155
 */

/** ERC-20 (CRC20): transfers, allowances, the owner's `mint`, `burn`, and the views `pay` reads. */
export const CRC20_ABI: readonly string[] = Object.freeze([
  'function transfer(address to, uint256 amount) returns (bool)',
  'function transferFrom(address from, address to, uint256 amount) returns (bool)',
  'function approve(address spender, uint256 amount) returns (bool)',
  'function increaseAllowance(address spender, uint256 addedValue) returns (bool)',
  'function decreaseAllowance(address spender, uint256 subtractedValue) returns (bool)',
  'function mint(address to, uint256 amount)',
  'function burn(uint256 amount)',
  'function balanceOf(address account) view returns (uint256)',
  'function allowance(address owner, address spender) view returns (uint256)',
  'function symbol() view returns (string)',
  'function decimals() view returns (uint8)',
  'function name() view returns (string)',
])

/**
 * ERC-721 (CRC721). `transferFrom` and `approve` share their selectors with ERC-20's: a call decoded
 * with the ERC-20 ABI first names the last argument `amount`; a manifest ABI, when given, wins.
 */
export const CRC721_ABI: readonly string[] = Object.freeze([
  'function safeTransferFrom(address from, address to, uint256 tokenId)',
  'function safeTransferFrom(address from, address to, uint256 tokenId, bytes data)',
  'function transferFrom(address from, address to, uint256 tokenId)',
  'function approve(address to, uint256 tokenId)',
  'function setApprovalForAll(address operator, bool approved)',
  'function mint(address to) returns (uint256)',
  'function burn(uint256 tokenId)',
  'function ownerOf(uint256 tokenId) view returns (address)',
])

/** ERC-1155 (CRC1155). */
export const CRC1155_ABI: readonly string[] = Object.freeze([
  'function safeTransferFrom(address from, address to, uint256 id, uint256 amount, bytes data)',
  'function safeBatchTransferFrom(address from, address to, uint256[] ids, uint256[] amounts, bytes data)',
  'function setApprovalForAll(address operator, bool approved)',
  'function mint(address to, uint256 id, uint256 amount, bytes data)',
  'function mintBatch(address to, uint256[] ids, uint256[] amounts, bytes data)',
  'function burn(address from, uint256 id, uint256 amount)',
  'function balanceOf(address account, uint256 id) view returns (uint256)',
])

/** The standard ABIs in the order calldata is tried against them (ERC-20 first: the most common). */
export const STANDARD_ABIS: readonly (readonly string[])[] = Object.freeze([
  CRC20_ABI,
  CRC721_ABI,
  CRC1155_ABI,
])
