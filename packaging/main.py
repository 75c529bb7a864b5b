"""The frozen app's entry point (PyInstaller runs a script, not a console_scripts entry)."""

from povdesk.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
