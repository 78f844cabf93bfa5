"""Discord's limits on what a message may hold, in one place.

The replies are cut to these (:mod:`bot.messages`, :mod:`bot.replies`), the knowledge lint warns
of answers that would not fit them (:mod:`bot.core.lint`), and the tests check every payload the
bot sends against them. Plain numbers, so the core and the command line can use them without
discord.py. From https://discord.com/developers/docs/resources/message (embeds),
.../interactions/message-components and .../interactions/application-commands.
"""

from __future__ import annotations

MESSAGE = 2000  # a message's text
EMBEDS = 10  # embeds in one message
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
EMBED_TOTAL = 6000  # all the text of a message's embeds together (titles, descriptions, fields...)
ACTION_ROWS = 5  # rows of components under a message
ROW_ITEMS = 5  # buttons in one row
COMPONENTS = 25
BUTTON_LABEL = 80
CUSTOM_ID = 100  # a component's custom_id, where buttons keep their state
SELECT_OPTIONS = 25
OPTION_LABEL = 100  # a select option's label, and its description
CHOICES = 25  # autocomplete choices
CHOICE_NAME = 100  # an autocomplete choice's name, and its value
THREAD_NAME = 100
