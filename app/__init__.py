"""The composition root: the `povdesk` command line (app/main.py) and the window it starts.

The one package allowed to import the core (`povdesk`), `exports` and `ui` together;
nothing imports it. `ui` is imported only inside the function that opens the window
(app/gui.py), so the command line starts without Qt.

Exit codes: 0 done; 1 a verification failed (e.g. the audit chain is broken); 2 bad
input or usage, with a clear zh/en message and never a traceback; 3 an internal error
(a bug), with the traceback written to the log file the message names; 4 the store is
damaged (nothing was written to it; the message names the newest good backup).
"""

OK, FAILED, BAD_INPUT, BUG = 0, 1, 2, 3
