"""The organisers' ``/qa`` commands and the automatic reload of ``knowledge/*.yaml``.

Thin glue: the library reloads and swaps the knowledge, :mod:`bot.core.qa_edit` writes phrasings
into qa.yaml, :mod:`bot.core.curation` groups and counts, :mod:`bot.messages` says it all.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot import messages, replies, ui
from bot.app import ReadingBot
from bot.checks import NotOrganiser, is_organiser
from bot.core import limits, qa_edit
from bot.core import text as textmod
from bot.core.curation import QuestionGroup, group_questions, period_start, stats_from
from bot.core.library import Changes
from bot.errors import KnowledgeError, SourceError

log = logging.getLogger(__name__)

GROUPS_PER_PAGE = 4  # three buttons each on its own row, and a row for paging
PICKER_OPTIONS = 25  # Discord's limit on a select's options
REVIEW_TIMEOUT = 15 * 60  # an interaction's token lasts 15 minutes


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Curation(
    commands.GroupCog, group_name="qa", group_description="Organisers: look after the bot's questions and answers"
):
    """Reload the knowledge, review what members asked, test and count questions."""

    def __init__(self, bot: ReadingBot) -> None:
        self.bot = bot
        # One change to the served knowledge at a time: a poll, a /qa reload and an added phrasing
        # must not interleave their reads and swaps.
        self._lock = asyncio.Lock()
        super().__init__()

    async def cog_load(self) -> None:
        seconds = self.bot.config.reload_poll_seconds
        if seconds > 0:
            self.poll.change_interval(seconds=seconds)
            self.poll.start()

    async def cog_unload(self) -> None:
        self.poll.cancel()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        # Hidden from members by default permissions, and refused here whatever a server's overrides say.
        if not is_organiser(interaction):
            raise NotOrganiser()
        return True

    # -- the served knowledge --------------------------------------------------------------------
    @property
    def folder(self) -> Path:
        return self.bot.library.folder

    def located(self, problems: list[SourceError]) -> list[SourceError]:
        """Name each problem's file as the admins know it (``knowledge/qa.yaml``), whatever the cwd."""
        return [SourceError(f"{self.folder.name}/{Path(p.file).name}", p.line, p.message) for p in problems]

    async def reload_knowledge(self) -> Changes:
        """Reload the knowledge aside and swap it in; raise KnowledgeError and keep serving the old."""
        async with self._lock:
            return await asyncio.to_thread(self.bot.library.reload)

    async def add_phrasing(self, entry_id: str, phrasing: str) -> tuple[qa_edit.Added, Changes]:
        """Write ``phrasing`` into ``entry_id`` in qa.yaml and serve the result."""
        async with self._lock:
            added = await asyncio.to_thread(qa_edit.add_phrasing, self.folder, entry_id, phrasing)
            changes = await asyncio.to_thread(self.bot.library.reload)
        log.info("Added the phrasing %r to %s (qa.yaml line %d, %s)", phrasing, entry_id, added.line, added.method)
        return added, changes

    @tasks.loop(seconds=10)
    async def poll(self) -> None:
        """Reload when a knowledge file changed on disk; report a rejected edit to the organisers."""
        try:
            if not self.bot.library.changed_on_disk():
                return
            try:
                changes = await self.reload_knowledge()
            except KnowledgeError as error:
                problems = self.located(error.all())
                log.warning("An edit of the knowledge files was not loaded:\n%s", "\n".join(map(str, problems)))
                await self.tell_organisers(messages.reload_rejected_text(problems, automatic=True))
                return
            if changes.any:
                log.info("Reloaded the knowledge after an edit: %s", messages.changes_text(changes))
                await self.tell_organisers(messages.changes_text(changes))
        except Exception:  # the poll must outlive any one failure
            log.exception("The automatic reload of the knowledge failed")

    @poll.before_loop
    async def before_poll(self) -> None:
        await self.bot.wait_until_ready()

    async def tell_organisers(self, text: str) -> None:
        """Post ``text`` in the configured admin channel, if there is one."""
        channel_id = self.bot.config.admin_channel
        if not channel_id:
            return
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            log.warning("The admin channel %s is not a channel the bot can see", channel_id)
            return
        try:
            await channel.send(text)
        except discord.HTTPException:
            log.warning("Could not post to the admin channel %s", channel_id, exc_info=True)

    # -- commands --------------------------------------------------------------------------------
    @app_commands.command(name="reload")
    async def reload(self, interaction: discord.Interaction) -> None:
        """Load knowledge/*.yaml again and serve it if it is valid."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            changes = await self.reload_knowledge()
        except KnowledgeError as error:
            text = messages.reload_rejected_text(self.located(error.all()), automatic=False)
        else:
            text = messages.changes_text(changes)
        await interaction.edit_original_response(content=text)

    @app_commands.command(name="unanswered")
    async def unanswered(self, interaction: discord.Interaction) -> None:
        """Review the questions members asked that I could not answer."""
        groups = group_questions(self.bot.storage.unanswered(interaction.guild_id))
        if not groups:
            await ui.respond(interaction, replies.text_reply(messages.UNANSWERED_EMPTY))
            return
        view = UnansweredView(self, groups)
        await interaction.response.send_message(view.text(), view=view, ephemeral=True)
        view.origin = interaction

    @app_commands.command(name="test")
    @app_commands.describe(question="a question as a member would type it")
    async def test(self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 300]) -> None:
        """Show the top three entries for a question, their scores and what a member would get."""
        engine = self.bot.library.engine
        ranked = engine.rank(textmod.clean_question(question), limit=3)
        result = engine.ask(question)
        await ui.respond(interaction, replies.text_reply(messages.test_text(question, result, ranked, engine.settings)))

    @app_commands.command(name="stats")
    @app_commands.describe(period="how far back to count (default: the last week)")
    @app_commands.choices(
        period=[app_commands.Choice(name=name, value=name) for name in ("day", "week", "month", "all")]
    )
    async def stats(self, interaction: discord.Interaction, period: str = "week") -> None:
        """Count the questions asked, what members got, and the most asked entries."""
        since = period_start(period, discord.utils.utcnow())
        storage = self.bot.storage
        summary = stats_from(
            storage.outcome_counts(interaction.guild_id, since), storage.most_answered(interaction.guild_id, since)
        )
        text = messages.stats_text(summary, period, self.bot.library.knowledge)
        await ui.respond(interaction, replies.text_reply(text))


class UnansweredView(ui.ReadingView):
    """One organiser's review of the unanswered questions: a page at a time, buttons per question."""

    def __init__(self, cog: Curation, groups: list[QuestionGroup]) -> None:
        super().__init__(timeout=REVIEW_TIMEOUT)
        self.cog = cog
        self.groups = groups
        self.total = len(groups)
        self.page = 0
        self.note = ""
        self.origin: discord.Interaction | None = None  # the /qa unanswered call, to edit its reply
        self.build()

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.groups) // GROUPS_PER_PAGE))

    def numbered(self) -> list[tuple[int, QuestionGroup]]:
        start = self.page * GROUPS_PER_PAGE
        return [(start + i + 1, group) for i, group in enumerate(self.groups[start : start + GROUPS_PER_PAGE])]

    def suggestion(self, group: QuestionGroup) -> str | None:
        """The entry to offer: the one the bot suggested to the member, if it still exists, else the closest now."""
        knowledge = self.cog.bot.library.knowledge
        if group.suggested and knowledge.has_entry(group.suggested):
            return group.suggested
        ranked = self.cog.bot.library.engine.rank(textmod.clean_question(group.text), limit=1)
        return ranked[0].entry.id if ranked else None

    def text(self) -> str:
        if not self.groups:
            return (self.note + "\n\n" if self.note else "") + messages.UNANSWERED_ALL_DONE
        numbered = self.numbered()
        for _, group in numbered:
            group.suggested = self.suggestion(group)
        body = messages.unanswered_page(
            [g for _, g in numbered], numbered[0][0], self.page, self.pages, len(self.groups)
        )
        return messages.shorten((self.note + "\n\n" if self.note else "") + body, limits.MESSAGE)

    def build(self) -> None:
        self.clear_items()
        self.page = min(self.page, self.pages - 1)
        for row, (number, group) in enumerate(self.numbered()):
            suggested = self.suggestion(group)
            if suggested:
                add = discord.ui.Button(
                    label=messages.add_label(number, suggested), style=discord.ButtonStyle.success, row=row
                )
                add.callback = self._add_callback(group, suggested)
                self.add_item(add)
            other = discord.ui.Button(
                label=messages.other_entry_label(number), style=discord.ButtonStyle.secondary, row=row
            )
            other.callback = self._pick_callback(group)
            self.add_item(other)
            dismiss = discord.ui.Button(label=messages.dismiss_label(number), style=discord.ButtonStyle.danger, row=row)
            dismiss.callback = self._dismiss_callback(group)
            self.add_item(dismiss)
        if self.pages > 1:
            previous = discord.ui.Button(label=messages.PREVIOUS, row=4, disabled=self.page == 0)
            previous.callback = self._turn(-1)
            self.add_item(previous)
            following = discord.ui.Button(label=messages.NEXT, row=4, disabled=self.page >= self.pages - 1)
            following.callback = self._turn(+1)
            self.add_item(following)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if is_organiser(interaction):
            return True
        await ui.respond(interaction, replies.text_reply(messages.ORGANISERS_ONLY))
        return False

    async def refresh(self, interaction: discord.Interaction | None = None) -> None:
        """Show the list again after a change (through ``interaction`` if it has not answered yet)."""
        self.build()
        if interaction is not None and not interaction.response.is_done():
            await interaction.response.edit_message(content=self.text(), view=self)
        elif self.origin is not None:
            try:
                await self.origin.edit_original_response(content=self.text(), view=self)
            except discord.HTTPException:
                log.info("Could not refresh an unanswered list (expired?)", exc_info=True)

    def done_with(self, group: QuestionGroup) -> None:
        if group in self.groups:
            self.groups.remove(group)

    def _turn(self, step: int):
        async def callback(interaction: discord.Interaction) -> None:
            self.page = max(0, min(self.pages - 1, self.page + step))
            self.note = ""
            await self.refresh(interaction)

        return callback

    def _dismiss_callback(self, group: QuestionGroup):
        async def callback(interaction: discord.Interaction) -> None:
            self.cog.bot.storage.dismiss_unanswered(group.ids)
            self.done_with(group)
            self.note = messages.dismissed_text(group.text)
            await self.refresh(interaction)

        return callback

    def _add_callback(self, group: QuestionGroup, entry_id: str):
        async def callback(interaction: discord.Interaction) -> None:
            await interaction.response.defer()
            await self.add(interaction, group, entry_id)

        return callback

    def _pick_callback(self, group: QuestionGroup):
        async def callback(interaction: discord.Interaction) -> None:
            picker = EntryPicker(self, group)
            await interaction.response.send_message(
                messages.PICK_ENTRY.format(question=messages.shorten(group.text, 200)), view=picker, ephemeral=True
            )

        return callback

    async def add(self, interaction: discord.Interaction, group: QuestionGroup, entry_id: str) -> bool:
        """Add the group's wording to ``entry_id``; tell the organiser how it went. Return success."""
        try:
            added, changes = await self.cog.add_phrasing(entry_id, group.text)
        except qa_edit.EditRejected as error:
            text = messages.ADD_REJECTED.format(problems=messages.problem_lines(self.cog.located(error.problems)))
            await ui.respond(interaction, replies.text_reply(text))
            return False
        except qa_edit.EditError as error:
            await ui.respond(interaction, replies.text_reply(messages.ADD_FAILED.format(reason=error)))
            return False
        except KnowledgeError as error:
            # Written, but another file broke meanwhile: the previous knowledge is still served.
            problems = self.cog.located(error.all())
            await ui.respond(interaction, replies.text_reply(messages.reload_rejected_text(problems, automatic=False)))
            return False
        self.cog.bot.storage.mark_unanswered_added(group.ids, entry_id)
        self.done_with(group)
        self.note = messages.added_text(added.phrasing, entry_id, added.line, changes)
        await self.refresh()
        await ui.respond(interaction, replies.text_reply(self.note))
        return True

    async def on_timeout(self) -> None:
        for item in self.children:
            item.disabled = True
        if self.origin is not None:
            try:
                await self.origin.edit_original_response(content=messages.REVIEW_EXPIRED, view=self)
            except discord.HTTPException:
                pass


class EntryPicker(ui.ReadingView):
    """The second step of "another entry…": choose the entry a question becomes a phrasing of."""

    def __init__(self, review: UnansweredView, group: QuestionGroup) -> None:
        super().__init__(timeout=REVIEW_TIMEOUT)
        self.review = review
        self.group = group
        library = review.cog.bot.library
        ranked = [m.entry for m in library.engine.rank(textmod.clean_question(group.text), limit=PICKER_OPTIONS)]
        seen = {entry.id for entry in ranked}
        entries = ranked + [entry for entry in library.knowledge.entries if entry.id not in seen]
        select = discord.ui.Select(
            placeholder=messages.PICK_PLACEHOLDER,
            options=[
                discord.SelectOption(
                    label=messages.shorten(entry.id, limits.OPTION_LABEL),
                    value=entry.id,
                    description=messages.shorten(entry.title, limits.OPTION_LABEL),
                )
                for entry in entries[:PICKER_OPTIONS]
            ],
        )
        select.callback = self.chosen
        self.select = select
        self.add_item(select)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await self.review.interaction_check(interaction)

    async def chosen(self, interaction: discord.Interaction) -> None:
        entry_id = self.select.values[0]
        self.select.disabled = True
        await interaction.response.edit_message(view=self)
        if await self.review.add(interaction, self.group, entry_id):
            self.stop()


async def setup(bot: ReadingBot) -> None:
    """Load the organisers' curation of the knowledge."""
    await bot.add_cog(Curation(bot))
