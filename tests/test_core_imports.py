"""The core (knowledge, matcher, schedule, ...), the text and the command line never import discord."""

from __future__ import annotations

import subprocess
import sys

# Run in a fresh interpreter: in this one, other tests have long since imported discord.
CHECK = """
import importlib, pkgutil, sys
import bot.core
names = ["bot.core." + info.name for info in pkgutil.iter_modules(bot.core.__path__)]
names += ["bot.messages", "bot.cli", "bot.config", "bot.console"]
for name in names:
    importlib.import_module(name)
    if "discord" in sys.modules:
        raise SystemExit(f"{name} imports discord")
print(len(names))
"""


def test_the_core_does_not_import_discord():
    done = subprocess.run([sys.executable, "-c", CHECK], check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr or done.stdout
    assert int(done.stdout) >= 8  # knowledge, library, matcher, text, yamlsource and the four above


def test_the_replies_and_the_words_do_not_import_discord():
    """What the bot says and how it is laid out are shared with the console: plain Python."""
    names = ["bot.replies", "bot.messages", "bot.core.limits"]
    code = f"import importlib, sys\nfor name in {names!r}:\n    importlib.import_module(name)\nsys.exit('discord' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr or "discord was imported"
