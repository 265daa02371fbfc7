// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";

/// @title ChainlessForwarder — the platform's trusted ERC-2771 forwarder (EIP-2771)
/// @notice OpenZeppelin's ERC2771Forwarder unchanged, EIP-712 domain name "ChainlessForwarder", version "1".
/// The platform relayer submits users' signed ForwardRequests through it for sponsored apps, paying the
/// fee; CRC20 / CRC721 / CRC1155 trust it, so they see the user as `_msgSender()`.
contract ChainlessForwarder is ERC2771Forwarder {
    constructor() ERC2771Forwarder("ChainlessForwarder") {}
}
