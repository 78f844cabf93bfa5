"""A Discord companion for a reading group studying one article.

``bot.create_bot()`` builds the configured discord.py bot without connecting. It is imported
lazily so that the command line (``python -m bot ask``/``check``) never loads discord.py.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_bot"]


def __getattr__(name: str) -> Any:
    if name == "create_bot":
        from bot.app import create_bot

        return create_bot
    raise AttributeError(f"module 'bot' has no attribute {name!r}")
