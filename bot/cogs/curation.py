"""The organisers' ``/qa`` commands and the automatic reload of ``knowledge/*.yaml``.

Thin glue: the library reloads and swaps the knowledge, :mod:`bot.core.qa_edit` writes phrasings
into qa.yaml, :mod:`bot.core.curation` groups, searches and counts, :mod:`bot.messages` says it
all. Anything that may take a while (reading and grouping a server's questions, writing qa.yaml,
building the engine, a wait on the file's lock) runs in a worker thread, so the bot keeps
answering every server meanwhile; an interaction that waits on it is deferred first.

Every server's organisers review their own members' questions; only the host's curation servers
(:func:`bot.checks.may_change_knowledge`) change the answers every server shares.
"""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands, tasks
from rapidfuzz import fuzz, process, utils

from bot import messages, replies, ui
from bot.app import ReadingBot
from bot.checks import NotOrganiser, is_organiser, may_change_knowledge
from bot.core import curation, limits, qa_edit
from bot.core import text as textmod
from bot.core.curation import PhrasingTaken, QuestionClosed, QuestionGroup, UnansweredQuestion, group_questions
from bot.core.knowledge import Entry
from bot.core.library import Changes
from bot.errors import KnowledgeError, SourceError

log = logging.getLogger(__name__)

REVIEW_TIMEOUT = 15 * 60  # an interaction's token lasts 15 minutes
_ROW_REFERENCE = re.compile(r"#(\d+)")  # an autocomplete value naming a question too long to be its own value


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

    @property
    def qa_name(self) -> str:
        """qa.yaml as the organisers know it: ``knowledge/qa.yaml``."""
        return qa_edit.shown(self.folder)

    def located(self, problems: list[SourceError]) -> list[SourceError]:
        """Name each problem's file as the admins know it (``knowledge/qa.yaml``), whatever the cwd."""
        return [SourceError(f"{self.folder.name}/{Path(p.file).name}", p.line, p.message) for p in problems]

    def keepers(self) -> str:
        """Say who may change the shared answers, naming the curation servers the bot can see."""
        servers = self.bot.config.curation_guilds
        names = [guild.name for guild in map(self.bot.get_guild, servers) if guild]
        return messages.keepers_text(names, named_in_config=bool(servers))

    async def reload_knowledge(self) -> tuple[Changes, int]:
        """Reload the knowledge aside and swap it in; raise KnowledgeError and keep serving the old.

        Also return how many added questions came back to the list (their phrasing left the file).
        """
        async with self._lock:
            changes = await asyncio.to_thread(self.bot.library.reload)
            reopened = await asyncio.to_thread(self._reopen_vanished) if changes.any else 0
        return changes, reopened

    def _reopen_vanished(self) -> int:
        storage = self.bot.storage
        gone = curation.vanished(self.bot.library.engine, storage.added_unanswered())
        if gone:
            storage.reopen_unanswered(gone)
            log.info("Reopened %d unanswered questions whose added phrasing left qa.yaml", len(gone))
        return len(gone)

    async def add_phrasing(
        self, entry_id: str, phrasing: str, ids: list[int] | None = None
    ) -> tuple[qa_edit.Added, Changes]:
        """Write ``phrasing`` into ``entry_id`` in qa.yaml and serve the result.

        ``ids``: the unanswered questions it comes from; they must still be open, and are marked
        added. Raises QuestionClosed, PhrasingTaken (an entry has it already: if the one chosen,
        the questions are marked added to it), or qa_edit.EditError; the file is then unchanged.
        """
        storage = self.bot.storage
        library = self.bot.library
        async with self._lock:
            still_open = await asyncio.to_thread(storage.open_unanswered, ids) if ids else []
            if ids and not still_open:
                raise QuestionClosed(phrasing)
            owner = await asyncio.to_thread(curation.phrasing_owner, library.engine, phrasing)
            if owner is not None:
                if owner.id == entry_id:
                    await asyncio.to_thread(storage.mark_unanswered_added, still_open, entry_id, phrasing)
                raise PhrasingTaken(owner)
            added = await asyncio.to_thread(qa_edit.add_phrasing, self.folder, entry_id, phrasing, basis=library.basis)
            assert added.knowledge is not None
            changes = await asyncio.to_thread(library.serve, added.knowledge, added.digest)
            await asyncio.to_thread(storage.mark_unanswered_added, still_open, entry_id, added.phrasing)
            # A hand edit taken in with the write may have dropped an earlier addition.
            await asyncio.to_thread(self._reopen_vanished)
        log.info("Added the phrasing %r to %s (qa.yaml line %d, %s)", phrasing, entry_id, added.line, added.method)
        return added, changes

    async def add_and_say(self, entry_id: str, phrasing: str, ids: list[int] | None) -> tuple[bool, str]:
        """Add the phrasing and return whether the question is dealt with, and what to tell the organiser."""
        try:
            added, changes = await self.add_phrasing(entry_id, phrasing, ids)
        except QuestionClosed:
            return True, messages.QUESTION_CLOSED.format(question=messages.shorten(phrasing, 200))
        except PhrasingTaken as taken:
            if taken.entry.id == entry_id:  # nothing to write: the question is answered already
                return True, messages.already_there_text(phrasing, taken.entry.title)
            reason = messages.phrasing_elsewhere(taken.entry.title, taken.entry.id)
            return False, messages.ADD_FAILED.format(reason=reason)
        except qa_edit.EditRejected as error:
            problems = messages.problem_lines(self.located(error.problems))
            return False, messages.ADD_REJECTED.format(file=self.qa_name, problems=problems)
        except qa_edit.EditError as error:
            return False, messages.ADD_FAILED.format(reason=error)
        title = added.knowledge.entry(entry_id).title if added.knowledge else entry_id
        return True, messages.added_text(added.phrasing, title, self.qa_name, added.line, changes)

    @tasks.loop(seconds=10)
    async def poll(self) -> None:
        """Reload when a knowledge file changed on disk; report a rejected edit to the organisers."""
        try:
            if not self.bot.library.changed_on_disk():
                return
            try:
                changes, reopened = await self.reload_knowledge()
            except KnowledgeError as error:
                problems = self.located(error.all())
                log.warning("An edit of the knowledge files was not loaded:\n%s", "\n".join(map(str, problems)))
                await self.tell_organisers(messages.reload_rejected_text(problems, automatic=True))
                return
            if changes.any:
                log.info("Reloaded the knowledge after an edit: %s", messages.changes_text(changes))
                note = messages.changes_text(changes)
                await self.tell_organisers(note + (" " + messages.reopened_text(reopened) if reopened else ""))
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
        if not await may_change_knowledge(interaction):
            await finish(interaction, self.keepers())
            return
        try:
            changes, reopened = await self.reload_knowledge()
        except KnowledgeError as error:
            text = messages.reload_rejected_text(self.located(error.all()), automatic=False)
        else:
            text = messages.changes_text(changes) + (" " + messages.reopened_text(reopened) if reopened else "")
        await finish(interaction, text)

    @app_commands.command(name="unanswered")
    async def unanswered(self, interaction: discord.Interaction) -> None:
        """Review the questions members asked that I could not answer."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        storage = self.bot.storage
        guild_id = interaction.guild_id
        groups = await asyncio.to_thread(lambda: group_questions(storage.unanswered(guild_id)))
        may_change = await may_change_knowledge(interaction)
        if not groups:
            await finish(interaction, messages.UNANSWERED_EMPTY)
            return
        view = UnansweredView(self, guild_id, groups, may_change=may_change)
        await view.prepare()
        await interaction.edit_original_response(content=view.text(), view=view, allowed_mentions=ui.NO_MENTIONS)
        view.origin = interaction

    @app_commands.command(name="add-phrasing")
    @app_commands.describe(
        question="a member's question (pick one of those I couldn't answer, or type your own)",
        entry="the entry it should find: type words of its question or its id",
    )
    async def add_phrasing_command(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, qa_edit.QUESTION_LIMIT],
        entry: app_commands.Range[str, 1, 100],
    ) -> None:
        """Add a question as a phrasing of any entry; both options search as you type."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        if not await may_change_knowledge(interaction):
            await finish(interaction, self.keepers())
            return
        chosen = self._entry_named(entry)
        if chosen is None:
            await finish(interaction, messages.NO_SUCH_ENTRY.format(typed=messages.shorten(entry, 100)))
            return
        phrasing, ids = await asyncio.to_thread(self._question_named, interaction.guild_id, question)
        if phrasing is None:  # picked from the list, and gone from it since
            await finish(interaction, messages.QUESTION_GONE)
            return
        _, text = await self.add_and_say(chosen.id, phrasing, ids or None)
        await finish(interaction, text)

    @add_phrasing_command.autocomplete("question")
    async def question_complete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Offer this server's open unanswered questions closest to what has been typed."""
        # discord.py runs no check before autocomplete: a member shown the command by a server's
        # override must not read the server's unanswered questions through it.
        if not is_organiser(interaction):
            return []
        found = await asyncio.to_thread(self._open_questions, interaction.guild_id, current)
        return [
            app_commands.Choice(
                name=messages.choice_name(question.text),
                value=question.text if len(question.text) <= limits.CHOICE_NAME else f"#{question.id}",
            )
            for question in found
        ]

    @add_phrasing_command.autocomplete("entry")
    async def entry_complete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Offer the entries whose question or id reads like what has been typed (or, before, like the question)."""
        if not is_organiser(interaction):
            return []
        engine = self.bot.library.engine
        question = getattr(interaction.namespace, "question", None)
        if not current.strip() and isinstance(question, str) and question.strip():
            found = await asyncio.to_thread(curation.entry_choices, engine, question)
        else:
            found = await asyncio.to_thread(curation.search_entries, engine.knowledge, current)
        return [app_commands.Choice(name=messages.entry_option(entry.title), value=entry.id) for entry in found]

    def _entry_named(self, typed: str) -> Entry | None:
        """Return the entry an organiser picked (its id) or typed out (its first question)."""
        knowledge = self.bot.library.knowledge
        typed = typed.strip()
        if knowledge.has_entry(typed):
            return knowledge.entry(typed)
        wanted = textmod.fold(typed)
        return next((entry for entry in knowledge.entries if textmod.fold(entry.title) == wanted), None)

    def _question_named(self, guild_id: int | None, typed: str) -> tuple[str | None, list[int]]:
        """Return the phrasing an organiser chose and the open questions it stands for (none if typed anew).

        ``None`` when it names an unanswered question of this server that is no longer open.
        """
        questions = self.bot.storage.unanswered(guild_id)
        reference = _ROW_REFERENCE.fullmatch(typed.strip())
        if reference:
            wanted = int(reference.group(1))
            return next(((q.text, [q.id]) for q in questions if q.id == wanted), (None, []))
        folded = textmod.fold(typed)
        return typed, [question.id for question in questions if question.folded == folded]

    def _open_questions(self, guild_id: int | None, typed: str) -> list[UnansweredQuestion]:
        questions = self.bot.storage.unanswered(guild_id)
        if not typed.strip():
            return questions[: curation.CHOICES]
        found = process.extract(
            typed,
            [question.text for question in questions],
            scorer=fuzz.WRatio,
            processor=utils.default_process,
            limit=curation.CHOICES,
        )
        return [questions[index] for _, _, index in found]

    @app_commands.command(name="test")
    @app_commands.describe(question="a question as a member would type it")
    async def test(self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 300]) -> None:
        """Show the top three entries for a question, their scores and what a member would get."""
        engine = self.bot.library.engine
        result = engine.ask(question)
        ranked = curation.tested_rankings(engine, question, result)
        await ui.respond(interaction, replies.text_reply(messages.test_text(question, result, ranked, engine.settings)))

    @app_commands.command(name="stats")
    @app_commands.describe(period="how far back to count (default: the last week)")
    @app_commands.choices(
        period=[app_commands.Choice(name=name, value=name) for name in ("day", "week", "month", "all")]
    )
    async def stats(self, interaction: discord.Interaction, period: str = "week") -> None:
        """Count the questions asked, what members got, and the most asked entries."""
        since = curation.period_start(period, discord.utils.utcnow())
        storage = self.bot.storage
        summary = curation.stats_from(
            storage.outcome_counts(interaction.guild_id, since), storage.most_answered(interaction.guild_id, since)
        )
        text = messages.stats_text(summary, period, self.bot.library.knowledge)
        await ui.respond(interaction, replies.text_reply(text))


async def finish(interaction: discord.Interaction, text: str) -> None:
    """Answer a deferred interaction with ``text``, in place of "thinking…"."""
    content = messages.shorten(text, limits.MESSAGE)
    await interaction.edit_original_response(content=content, view=None, allowed_mentions=ui.NO_MENTIONS)


class UnansweredView(ui.ReadingView):
    """One organiser's review of a server's unanswered questions: one question at a time.

    Under the question: "Add as a phrasing of …" when an entry is close to it, "Dismiss", and a
    select of the 25 closest entries ("Choose an entry…"); ``/qa add-phrasing`` reaches any
    other. Outside the curation servers only "Dismiss" (and the paging and bulk dismissal).
    """

    def __init__(self, cog: Curation, guild_id: int | None, groups: list[QuestionGroup], *, may_change: bool) -> None:
        super().__init__(timeout=REVIEW_TIMEOUT)
        self.cog = cog
        self.guild_id = guild_id
        self.groups = groups
        self.may_change = may_change
        self.position = 0
        self.note = "" if may_change else cog.keepers()
        self.close: Entry | None = None
        self.choices: list[Entry] = []
        self.origin: discord.Interaction | None = None  # the /qa unanswered call, to edit its reply

    @property
    def group(self) -> QuestionGroup | None:
        """The question shown."""
        return self.groups[self.position] if self.groups else None

    async def prepare(self) -> None:
        """Find the entries for the question shown (off the event loop), then lay out its controls."""
        self.position = max(0, min(self.position, len(self.groups) - 1))
        group = self.group
        self.close, self.choices = None, []
        if group is not None and self.may_change:
            self.close, self.choices = await asyncio.to_thread(self._entries_for, group.text)
        self.build()

    def _entries_for(self, question: str) -> tuple[Entry | None, list[Entry]]:
        engine = self.cog.bot.library.engine
        close = curation.close_entry(engine, question)
        return (close.entry if close else None), curation.entry_choices(engine, question)

    def text(self) -> str:
        note = self.note + "\n\n" if self.note else ""
        group = self.group
        if group is None:
            return messages.shorten(note + messages.UNANSWERED_ALL_DONE, limits.MESSAGE)
        body = messages.unanswered_question(
            group,
            self.position + 1,
            len(self.groups),
            self.close.title if self.close else None,
            may_change=self.may_change,
        )
        return messages.shorten(note + body, limits.MESSAGE)

    def build(self) -> None:
        self.clear_items()
        group = self.group
        if group is None:
            return
        if self.close is not None:
            add = discord.ui.Button(
                label=messages.add_label(self.close.title), style=discord.ButtonStyle.success, row=0
            )
            add.callback = self._add_callback(group, self.close.id)
            self.add_item(add)
        dismiss = discord.ui.Button(label=messages.DISMISS, style=discord.ButtonStyle.danger, row=0)
        dismiss.callback = self._dismiss_callback(group)
        self.add_item(dismiss)
        if self.choices:
            select = discord.ui.Select(
                placeholder=messages.CHOOSE_ENTRY,
                row=1,
                options=[
                    discord.SelectOption(
                        label=messages.entry_option(entry.title),
                        value=entry.id,
                        description=messages.shorten(entry.id, limits.OPTION_LABEL),
                    )
                    for entry in self.choices
                ],
            )
            select.callback = self._chosen_callback(group, select)
            self.add_item(select)
        previous = discord.ui.Button(label=messages.PREVIOUS, row=2, disabled=self.position == 0)
        previous.callback = self._turn(-1)
        self.add_item(previous)
        following = discord.ui.Button(label=messages.NEXT, row=2, disabled=self.position >= len(self.groups) - 1)
        following.callback = self._turn(+1)
        self.add_item(following)
        bulk = discord.ui.Button(label=messages.DISMISS_ALL, style=discord.ButtonStyle.secondary, row=2)
        bulk.callback = self._bulk
        self.add_item(bulk)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if is_organiser(interaction):
            return True
        await ui.tell(interaction, messages.ORGANISERS_ONLY)
        return False

    async def show(self, interaction: discord.Interaction | None = None) -> None:
        """Show the list again after a change: through ``interaction``, or else the original reply."""
        content = self.text()
        if interaction is not None and not interaction.response.is_done():
            await interaction.response.edit_message(content=content, view=self, allowed_mentions=ui.NO_MENTIONS)
            return
        target = interaction or self.origin
        if target is None:
            return
        try:
            await target.edit_original_response(content=content, view=self, allowed_mentions=ui.NO_MENTIONS)
        except discord.HTTPException:
            log.info("Could not refresh an unanswered list (expired?)", exc_info=True)

    def done_with(self, *groups: QuestionGroup) -> None:
        """Take questions off the list (added, dismissed, or closed by someone else)."""
        gone = {id(group) for group in groups}
        self.groups = [group for group in self.groups if id(group) not in gone]

    def _turn(self, step: int):
        async def callback(interaction: discord.Interaction) -> None:
            self.position += step
            self.note = "" if self.may_change else self.cog.keepers()
            await self.prepare()
            await self.show(interaction)

        return callback

    def _dismiss_callback(self, group: QuestionGroup):
        async def callback(interaction: discord.Interaction) -> None:
            await asyncio.to_thread(self.cog.bot.storage.dismiss_unanswered, group.ids, self.guild_id)
            self.done_with(group)
            self.note = messages.dismissed_text(group.text)
            await self.prepare()
            await self.show(interaction)

        return callback

    def _add_callback(self, group: QuestionGroup, entry_id: str):
        async def callback(interaction: discord.Interaction) -> None:
            await self.add(interaction, group, entry_id)

        return callback

    def _chosen_callback(self, group: QuestionGroup, select: discord.ui.Select):
        async def callback(interaction: discord.Interaction) -> None:
            await self.add(interaction, group, select.values[0])

        return callback

    async def add(self, interaction: discord.Interaction, group: QuestionGroup, entry_id: str) -> None:
        """Add the question's wording to ``entry_id`` and show how it went above the next question."""
        await interaction.response.defer()  # writing qa.yaml and rebuilding the engine take a while
        if not await may_change_knowledge(interaction):
            self.note = self.cog.keepers()
        else:
            done, self.note = await self.cog.add_and_say(entry_id, group.text, group.ids)
            if done:
                self.done_with(group)
        await self.prepare()
        await self.show(interaction)

    async def _bulk(self, interaction: discord.Interaction) -> None:
        confirm = BulkDismissal(self)
        await interaction.response.send_message(
            confirm.prompt(), view=confirm, ephemeral=True, allowed_mentions=ui.NO_MENTIONS
        )

    async def on_timeout(self) -> None:
        for item in self.children:
            if isinstance(item, (discord.ui.Button, discord.ui.Select)):
                item.disabled = True
        if self.origin is not None:
            try:
                await self.origin.edit_original_response(content=messages.REVIEW_EXPIRED, view=self)
            except discord.HTTPException:
                pass


class BulkDismissal(ui.ReadingView):
    """Dismiss many questions at once: all on the list, or those asked by one member only."""

    def __init__(self, review: UnansweredView) -> None:
        super().__init__(timeout=REVIEW_TIMEOUT)
        self.review = review
        self.everything = list(review.groups)
        self.once = [group for group in self.everything if group.count == 1]
        every = discord.ui.Button(label=messages.bulk_all_label(len(self.everything)), style=discord.ButtonStyle.danger)
        every.callback = self._dismiss(self.everything)
        self.add_item(every)
        if 0 < len(self.once) < len(self.everything):
            once = discord.ui.Button(label=messages.bulk_once_label(len(self.once)), style=discord.ButtonStyle.danger)
            once.callback = self._dismiss(self.once)
            self.add_item(once)

    def prompt(self) -> str:
        """Ask which to dismiss."""
        return messages.bulk_prompt(len(self.everything), len(self.once))

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return await self.review.interaction_check(interaction)

    def _dismiss(self, groups: list[QuestionGroup]):
        async def callback(interaction: discord.Interaction) -> None:
            ids = [question_id for group in groups for question_id in group.ids]
            review = self.review
            count = await asyncio.to_thread(review.cog.bot.storage.dismiss_unanswered, ids, review.guild_id)
            review.done_with(*groups)
            review.note = messages.bulk_dismissed_text(count)
            self.stop()
            await interaction.response.edit_message(content=review.note, view=None)
            await review.prepare()
            await review.show()

        return callback


async def setup(bot: ReadingBot) -> None:
    """Load the organisers' curation of the knowledge."""
    await bot.add_cog(Curation(bot))
