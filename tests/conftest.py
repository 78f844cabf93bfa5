"""Shared fixtures: the project's config with a throwaway database, and the bot for SimCord.

The bot is an AutoShardedBot: Discord tells it how many shards at login, so each SimCord run is
told too, one shard unless a test marks otherwise (``@pytest.mark.simcord(shard_count=2)``).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import _shipped
import pytest
from hypothesis import settings

# The fuzz tests draw the same inputs on every run by default, so a clean clone's CI passes or fails
# on the code, not on the draw; HYPOTHESIS_PROFILE=explore searches afresh each run (and remembers
# what it found in .hypothesis/), as a developer should now and then.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("simcord") is None:
            item.add_marker(pytest.mark.simcord(shard_count=1))


@pytest.fixture
def folder(tmp_path):
    """A copy of the shipped knowledge folder, to edit or break."""
    copy = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", copy)
    return copy


@pytest.fixture
def config(tmp_path):
    """The shipped config, with the state database in a temporary folder and no knowledge-file poll.

    The poll wakes every ten seconds of SimCord's clock, so a test advancing days would wake it
    thousands of times; the tests of the automatic reload (test_curation.py) turn it on.
    """
    return dataclasses.replace(_shipped.config(), database=tmp_path / "state.sqlite3", reload_poll_seconds=0)


@pytest.fixture
def simcord_bot(config):
    """The real bot, as `python -m bot` builds it, for SimCord's `simcord_env`."""
    from bot import create_bot

    return create_bot(config, engine=_shipped.engine_for(config))


# A server with its reading channel and two members, for the SimCord tests (a test file needing a
# server set up otherwise, as test_curation's host server is, defines its own ``guild``).
@pytest.fixture
def guild(simcord_env):
    return simcord_env.create_guild()


@pytest.fixture
def channel(guild):
    return guild.create_text_channel("reading-group")


@pytest.fixture
def alice(simcord_env, guild):
    return guild.add_member(simcord_env.create_user("alice"))


@pytest.fixture
def bob(simcord_env, guild):
    return guild.add_member(simcord_env.create_user("bob"))
