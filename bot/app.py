"""The discord.py side: build the bot, load one cog per feature, run it.

``create_bot()`` builds a configured :class:`ReadingBot` without connecting; tests hand it to
SimCord, ``run_bot`` connects it to Discord.
"""

from __future__ import annotations

import asyncio
import logging
from importlib.util import find_spec

import aiohttp
import discord
from discord import app_commands
from discord.backoff import ExponentialBackoff
from discord.ext import commands

from bot import messages, ui
from bot.checks import NotOrganiser
from bot.clock import Clock
from bot.config import Config, load_config
from bot.core.followup import Conversations
from bot.core.library import Library
from bot.core.matcher import Engine
from bot.errors import DiscordUnreachable
from bot.storage import Storage

log = logging.getLogger(__name__)

# The bot never joins voice: discord.py's start-up warnings that its voice libraries (PyNaCl,
# davey) are missing would only puzzle whoever hosts a text bot.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False

# What "Discord cannot be reached" looks like through discord.py: no network or DNS, a refused or
# dropped connection (aiohttp's), a timeout, no gateway, Discord's own 5xx.
UNREACHABLE = (aiohttp.ClientConnectionError, asyncio.TimeoutError, discord.GatewayNotFound, discord.DiscordServerError)
# Logging in is tried this often before giving up, with discord.py's own backoff between tries
# (a random wait of up to 2, 4, 8, 16 s): about half a minute at worst, for a network that is
# still coming up. Once connected, discord.py reconnects by itself with the same backoff.
LOGIN_ATTEMPTS = 5
BACKOFF_BASE = 1

# One cog per feature; a module that does not exist yet is skipped.
EXTENSIONS = ("bot.cogs.asking", "bot.cogs.daily", "bot.cogs.curation", "bot.cogs.companion", "bot.cogs.help")


class ReadingBot(commands.AutoShardedBot):
    """The reading-group bot: config, the served knowledge and the state store travel with it.

    Sharded by discord.py in one process (Discord says how many shards at login), so a host with
    many servers needs no change; everything the bot keeps is per guild or in SQLite, not per shard.
    """

    def __init__(
        self,
        config: Config,
        library: Library,
        storage: Storage,
        *,
        message_content: bool = True,
        clock: Clock | None = None,
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = message_content
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            # Nothing the bot sends may ping anyone, whatever a member typed.
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.config = config
        self.library = library
        self.storage = storage
        # The host's clock, which the daily reading keeps time by (tests set it fast or slow).
        self.clock = clock or Clock()
        # Each member's last answer, which their next message may follow on from ("what did they
        # want?"): held by the bot, not a cog, because a "did you mean" pick sets it too.
        self.conversations = Conversations(config.followup_minutes)
        self.tree.on_error = self.on_app_command_error

    async def setup_hook(self) -> None:
        # Buttons carry their state in their custom_id, so these keep working after a restart.
        self.add_dynamic_items(*ui.DYNAMIC_ITEMS)
        for name in EXTENSIONS:
            if find_spec(name) is not None:
                await self.load_extension(name)
        if self.config.sync_guild:
            guild = discord.Object(self.config.sync_guild)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("Synced %d slash commands to guild %s", len(synced), self.config.sync_guild)
        else:
            synced = await self.tree.sync()
            log.info("Synced %d slash commands globally", len(synced))
        if not self.intents.message_content:
            log.warning(
                "The message content intent is not granted: slash commands, mentions of the bot and "
                "direct messages still work (Discord sends their text), but the bot cannot read other messages."
            )

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Turn any error in a slash command into a short private reply; log the unexpected ones."""
        if isinstance(error, NotOrganiser):
            await ui.tell(interaction, messages.ORGANISERS_ONLY)
        elif isinstance(error, app_commands.NoPrivateMessage):
            await ui.tell(interaction, messages.NOT_IN_DIRECT_MESSAGES)
        elif isinstance(error, app_commands.CheckFailure):
            await ui.tell(interaction, messages.NOT_HERE)
        else:
            await ui.apologise(interaction, error)

    async def on_command_error(self, context: commands.Context, exception: commands.CommandError, /) -> None:
        # "@Bot why did Stalin win?" is a question for the asking cog, not an unknown prefix command.
        if isinstance(exception, commands.CommandNotFound):
            return
        await super().on_command_error(context, exception)

    async def close(self) -> None:
        await super().close()
        self.storage.close()


def create_bot(
    config: Config | None = None,
    *,
    message_content: bool = True,
    engine: Engine | None = None,
    clock: Clock | None = None,
    freeze: bool = False,
) -> ReadingBot:
    """Build the configured bot without connecting (``load_config`` already applied BOT_DATABASE).

    ``engine``: one already built on the config's knowledge, to serve instead of building it again.
    ``clock``: the host's clock (tests pass one set fast or slow, and keep it through a restart).
    ``freeze``: keep the knowledge out of the garbage collector's walks (the running bot; see
    :class:`~bot.core.library.Library`).
    """
    config = config or load_config()
    library = Library(config.knowledge_dir, config.matching, engine=engine, freeze=freeze)
    storage = Storage(config.database)
    return ReadingBot(config, library, storage, message_content=message_content, clock=clock)


def problem(error: BaseException) -> str:
    """Name a network error in a few words (aiohttp's own are already a sentence; a timeout has none)."""
    return str(error) or type(error).__name__


class NetworkErrorsOnOneLine(logging.Filter):
    """Log a network error as one line naming it, not its traceback.

    discord.py logs each reconnect it makes (with backoff) with the traceback of the error that
    caused it; for a dropped or refused connection that is dozens of lines saying "no network".
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, UNREACHABLE):
            record.msg = f"{record.getMessage()} ({problem(error)})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def setup_logging() -> None:
    """Log to standard error, one line a record (network errors too)."""
    discord.utils.setup_logging(level=logging.INFO, root=True)
    for handler in logging.getLogger().handlers:
        handler.addFilter(NetworkErrorsOnOneLine())


async def _start(config: Config, token: str, engine: Engine | None, *, message_content: bool) -> None:
    """Log in and run; when Discord cannot be reached, try again with backoff, then give up in one line."""
    backoff = ExponentialBackoff(base=BACKOFF_BASE)
    for attempt in range(1, LOGIN_ATTEMPTS + 1):
        try:
            async with create_bot(config, message_content=message_content, engine=engine, freeze=True) as bot:
                await bot.start(token)
            return
        except UNREACHABLE as error:
            if attempt == LOGIN_ATTEMPTS:
                raise DiscordUnreachable(messages.discord_unreachable(problem(error), attempt)) from None
            delay = backoff.delay()
            log.warning(messages.discord_retry(problem(error), delay))
            await asyncio.sleep(delay)


def run_bot(config: Config, token: str, *, engine: Engine | None = None) -> int:
    """Connect to Discord and run until stopped; fall back without the message content intent.

    Raises :class:`DiscordUnreachable` when Discord cannot be reached after a few tries.
    """
    setup_logging()
    try:
        asyncio.run(_start(config, token, engine, message_content=True))
    except discord.PrivilegedIntentsRequired:
        log.warning("The message content intent is not enabled for this application; starting without it.")
        asyncio.run(_start(config, token, engine, message_content=False))
    except discord.LoginFailure:
        log.error("Discord refused the token (DISCORD_TOKEN). Check it in the Developer Portal.")
        return 1
    except KeyboardInterrupt:
        pass
    return 0
