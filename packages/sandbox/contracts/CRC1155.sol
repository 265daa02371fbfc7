// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title CRC1155 — the Chainless multi-token standard (ERC-1155 compatible, EIP-1155)
/// @notice One URI template for all ids ("{id}" substituted by clients, per EIP-1155). The owner mints.
contract CRC1155 is ERC1155, Ownable {
    constructor(string memory uri_, address initialOwner) ERC1155(uri_) Ownable(initialOwner) {}

    /// @notice Mints `amount` of token `id` to `to`. Only the owner.
    function mint(address to, uint256 id, uint256 amount, bytes calldata data) external onlyOwner {
        _mint(to, id, amount, data);
    }

    /// @notice Mints several ids at once to `to`. Only the owner.
    function mintBatch(address to, uint256[] calldata ids, uint256[] calldata amounts, bytes calldata data)
        external
        onlyOwner
    {
        _mintBatch(to, ids, amounts, data);
    }

    /// @notice Burns `amount` of token `id` held by `from`; the caller must be `from` or approved.
    function burn(address from, uint256 id, uint256 amount) external {
        address sender = _msgSender();
        if (from != sender && !isApprovedForAll(from, sender)) {
            revert ERC1155MissingApprovalForAll(sender, from);
        }
        _burn(from, id, amount);
    }
}
