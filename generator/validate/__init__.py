"""Validate stage: each file against the contract, then every cross-reference of the site."""
