// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";

/// @title CRC20 — the Chainless fungible token standard (ERC-20 compatible, EIP-20)
/// @notice 18 decimals; the owner mints. Deployed on the sandbox chain as the test token. Trusts the
/// platform's ERC-2771 forwarder (constructor argument), so relayed calls act for the signing user.
contract CRC20 is ERC20, Ownable, ERC2771Context {
    constructor(string memory name_, string memory symbol_, address initialOwner, address trustedForwarder_)
        ERC20(name_, symbol_)
        Ownable(initialOwner)
        ERC2771Context(trustedForwarder_)
    {}

    /// @notice Mints `amount` tokens to `to`. Only the owner.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice Burns `amount` of the caller's tokens.
    function burn(uint256 amount) external {
        _burn(_msgSender(), amount);
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
