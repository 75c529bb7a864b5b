"""Everything that leaves or enters the laptop as a file (bundles, PDFs, spreadsheets)."""
