"""The shipped config's knowledge and its answer engine, built once for the whole test run.

Building the engine (loading both YAML files, indexing every phrasing) takes a tenth of a second;
the Discord tests start a bot, and restart it, hundreds of times. The engine is read-only once
built, so every bot on the shipped knowledge and settings serves this one.
"""

from __future__ import annotations

from functools import cache

from bot.config import Config, load_config
from bot.core.knowledge import Knowledge
from bot.core.library import Library
from bot.core.matcher import Engine


@cache
def config() -> Config:
    """The shipped config, as read at start."""
    return load_config()


@cache
def engine() -> Engine:
    """The engine on the shipped knowledge and matching settings."""
    return Library(config().knowledge_dir, config().matching).engine


def knowledge() -> Knowledge:
    """The shipped knowledge."""
    return engine().knowledge


def engine_for(chosen: Config) -> Engine | None:
    """Return the shared engine when ``chosen`` serves the shipped knowledge and settings, else None."""
    shipped = config()
    if chosen.knowledge_dir == shipped.knowledge_dir and chosen.matching == shipped.matching:
        return engine()
    return None
