"""Sync merge semantics (issue 5; docs/bundle-format.md §3).

Pure merge rules (`merge`), what goes out to a peer (`outgoing`), applying a verified
bundle in one transaction (`incoming`), and the ledger of peers, bundles and conflicts
(`ledger`). No cryptography and no file formats here: those are `exports.bundle`.
"""
