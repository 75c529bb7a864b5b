"""The core's commands: everything the GUI does is possible here too, without a display.

Plain functions of parsed arguments, each returning an exit code, and the families'
`register(sub, db)`; the parser, the dispatch and the exit codes are app/'s."""
