"""The command line: everything the GUI does is possible here too, without a display."""
