"""``python -m bot``: see :mod:`bot.cli`."""

import os
import sys

from bot.cli import main

try:
    code = main()
    sys.stdout.flush()
except BrokenPipeError:
    # The reader went away (`python -m bot topics | head`): nothing more to say, and no traceback.
    # Python would report the failed flush again at exit, so point stdout at nothing first.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    code = 1
sys.exit(code)
