"""Shared fixtures: the project's config with a throwaway database, and the bot for SimCord."""

from __future__ import annotations

import dataclasses

import pytest

from bot.config import load_config


@pytest.fixture
def config(tmp_path):
    """The shipped config, with the state database in a temporary folder."""
    return dataclasses.replace(load_config(), database=tmp_path / "state.sqlite3")


@pytest.fixture
def simcord_bot(config, monkeypatch, tmp_path):
    """The real bot, as `python -m bot` builds it, for SimCord's `simcord_env`."""
    from bot import create_bot

    monkeypatch.setenv("BOT_DATABASE", str(tmp_path / "state.sqlite3"))
    return create_bot(config)
