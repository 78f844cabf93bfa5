"""The bot's pure core: the article, the Q&A knowledge, the matcher and the schedule.

Nothing under ``bot.core`` imports discord: it is used alike by the Discord cogs, the offline
console and the command line, and tested directly.
"""
