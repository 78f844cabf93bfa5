async def test_bot_starts(simcord_env):
    guild = simcord_env.create_guild()
    guild.create_text_channel("general")
    assert simcord_env.bot.user is not None
