"""The discord.py side: build the bot, load one cog per feature, run it.

``create_bot()`` builds a configured :class:`ReadingBot` without connecting; tests hand it to
SimCord, ``run_bot`` connects it to Discord.
"""

from __future__ import annotations

import asyncio
import logging
from importlib.util import find_spec

import discord
from discord import app_commands
from discord.ext import commands

from bot import messages, ui
from bot.checks import NotOrganiser
from bot.config import Config, load_config
from bot.core.library import Library
from bot.core.matcher import Engine
from bot.storage import Storage

log = logging.getLogger(__name__)

# One cog per feature; a module that does not exist yet is skipped.
EXTENSIONS = ("bot.cogs.asking", "bot.cogs.daily", "bot.cogs.curation", "bot.cogs.companion")


class ReadingBot(commands.AutoShardedBot):
    """The reading-group bot: config, the served knowledge and the state store travel with it.

    Sharded by discord.py in one process (Discord says how many shards at login), so a host with
    many servers needs no change; everything the bot keeps is per guild or in SQLite, not per shard.
    """

    def __init__(self, config: Config, library: Library, storage: Storage, *, message_content: bool = True) -> None:
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
    config: Config | None = None, *, message_content: bool = True, engine: Engine | None = None, freeze: bool = False
) -> ReadingBot:
    """Build the configured bot without connecting (``load_config`` already applied BOT_DATABASE).

    ``engine``: one already built on the config's knowledge, to serve instead of building it again.
    ``freeze``: keep the knowledge out of the garbage collector's walks (the running bot; see
    :class:`~bot.core.library.Library`).
    """
    config = config or load_config()
    library = Library(config.knowledge_dir, config.matching, engine=engine, freeze=freeze)
    storage = Storage(config.database)
    return ReadingBot(config, library, storage, message_content=message_content)


def setup_logging() -> None:
    """Log to standard error, one line a record."""
    discord.utils.setup_logging(level=logging.INFO, root=True)


def run_bot(config: Config, token: str, *, engine: Engine | None = None) -> int:
    """Connect to Discord and run until stopped; fall back without the message content intent."""
    setup_logging()

    async def main(message_content: bool) -> None:
        async with create_bot(config, message_content=message_content, engine=engine, freeze=True) as bot:
            await bot.start(token)

    try:
        asyncio.run(main(True))
    except discord.PrivilegedIntentsRequired:
        log.warning("The message content intent is not enabled for this application; starting without it.")
        asyncio.run(main(False))
    except discord.LoginFailure:
        log.error("Discord refused the token (DISCORD_TOKEN). Check it in the Developer Portal.")
        return 1
    except KeyboardInterrupt:
        pass
    return 0
