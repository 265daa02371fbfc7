// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1155} from "@openzeppelin/contracts/token/ERC1155/ERC1155.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";

/// @title CRC1155 — the Chainless multi-token standard (ERC-1155 compatible, EIP-1155)
/// @notice One URI template for all ids ("{id}" substituted by clients, per EIP-1155). The owner mints.
contract CRC1155 is ERC1155, Ownable, ERC2771Context {
    constructor(string memory uri_, address initialOwner, address trustedForwarder_)
        ERC1155(uri_)
        Ownable(initialOwner)
        ERC2771Context(trustedForwarder_)
    {}

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

    // ERC-2771: the trusted forwarder appends the user's address to the calldata; Context and
    // ERC2771Context both define these, so Solidity needs the choice spelled out (OZ 5 pattern).
    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}
