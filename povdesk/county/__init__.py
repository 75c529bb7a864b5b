"""The county office (issue 6): villages reporting in, review of proposed exits, spot
checks and the dashboard across villages. Headless: the CLI and the GUI call these."""
