"""Sync bundles as files (docs/bundle-format.md): keys and trust, minisign-format
signatures over Ed25519, age encryption, the tar container with limits, export and the
verified reader. The merge itself is the core's (povdesk.sync)."""
