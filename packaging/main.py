"""The frozen app's entry point (PyInstaller runs a script, not a console_scripts entry)."""

from app.main import main

if __name__ == "__main__":
    raise SystemExit(main())
