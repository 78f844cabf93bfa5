"""Everything the bot says to people, in one voice, in one place.

Plain text (and Discord's markdown) only: the Discord cogs, the offline console and the command
line all read from here, so an answer in the terminal is the answer on Discord. Nothing here
imports discord. One private module a feature, every name re-exported here, so callers write
``messages.DECLINE`` whichever module holds it. How the text is laid out (cards, buttons) is
:mod:`bot.replies`'; Discord's limits are :mod:`bot.core.limits`.
"""

from bot.messages._asking import *
from bot.messages._common import *
from bot.messages._companion import *
from bot.messages._console import *
from bot.messages._curation import *
from bot.messages._daily import *
from bot.messages._followup import *
from bot.messages._help import *
