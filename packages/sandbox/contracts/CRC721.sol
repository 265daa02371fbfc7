// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title CRC721 — the Chainless non-fungible token standard (ERC-721 compatible, EIP-721)
/// @notice Token ids start at 1 and increase; tokenURI is baseURI + id. The owner mints.
contract CRC721 is ERC721, Ownable {
    string private _baseTokenURI;
    uint256 private _nextTokenId = 1;

    constructor(string memory name_, string memory symbol_, string memory baseURI_, address initialOwner)
        ERC721(name_, symbol_)
        Ownable(initialOwner)
    {
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
}
