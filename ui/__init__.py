"""The Qt GUI (PySide6). Holds no business rule of its own."""
