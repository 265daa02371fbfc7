// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";

/// @title CRC721 — the Chainless non-fungible token standard (ERC-721 compatible, EIP-721)
/// @notice Token ids start at 1 and increase; tokenURI is baseURI + id. The owner mints.
contract CRC721 is ERC721, Ownable, ERC2771Context {
    string private _baseTokenURI;
    uint256 private _nextTokenId = 1;

    constructor(
        string memory name_,
        string memory symbol_,
        string memory baseURI_,
        address initialOwner,
        address trustedForwarder_
    ) ERC721(name_, symbol_) Ownable(initialOwner) ERC2771Context(trustedForwarder_) {
        _baseTokenURI = baseURI_;
    }

    /// @notice Mints the next token id to `to` and returns it. Only the owner.
    function mint(address to) external onlyOwner returns (uint256 tokenId) {
        tokenId = _nextTokenId++;
        _safeMint(to, tokenId);
    }

    /// @notice The id the next mint will get.
    function nextTokenId() external view returns (uint256) {
        return _nextTokenId;
    }

    /// @notice Burns `tokenId`; the caller must own it or be approved.
    function burn(uint256 tokenId) external {
        _update(address(0), tokenId, _msgSender());
    }

    function _baseURI() internal view override returns (string memory) {
        return _baseTokenURI;
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
