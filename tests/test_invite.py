"""``python -m bot invite-url``: the link that adds the bot, with exactly the permissions it needs."""

from __future__ import annotations

import io
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import discord

from bot.cli import main

APP_ID = "123456789012345678"


def test_invite_url_asks_for_what_the_bot_needs_and_no_more(monkeypatch):
    monkeypatch.delenv("DISCORD_APPLICATION_ID", raising=False)
    out = io.StringIO()
    assert main(["invite-url", APP_ID], stdout=out) == 0

    url = urlsplit(out.getvalue().strip())
    query = parse_qs(url.query)
    assert (url.netloc, url.path) == ("discord.com", "/oauth2/authorize")
    assert query["client_id"] == [APP_ID]
    assert query["scope"] == ["bot applications.commands"]
    wanted = discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        create_public_threads=True,
        embed_links=True,
        read_message_history=True,
    )
    granted = discord.Permissions(int(query["permissions"][0]))
    assert granted == wanted
    assert not granted.mention_everyone and not granted.administrator


def test_invite_url_reads_the_environment_and_explains_a_missing_id(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("BOT_CONFIG", str(tmp_path / "config.yaml"))  # no config/.env to fall back on
    monkeypatch.setenv("DISCORD_APPLICATION_ID", APP_ID)
    out = io.StringIO()
    assert main(["invite-url"], stdout=out) == 0
    assert f"client_id={APP_ID}" in out.getvalue()

    monkeypatch.delenv("DISCORD_APPLICATION_ID")
    assert main(["invite-url"], stdout=io.StringIO()) == 2
    assert "application id" in capsys.readouterr().err.lower()
    assert main(["invite-url", "not-an-id"], stdout=io.StringIO()) == 2


def test_invite_url_does_not_import_discord():
    code = (
        f"import sys; from bot.cli import main; main(['invite-url', '{APP_ID}']); assert 'discord' not in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "permissions=" in done.stdout
