"""/about: what the bot is, the article it knows, and how to ask."""

from bot.client import FaqBot
from bot.exts.about._cog import AboutCog


async def setup(bot: FaqBot) -> None:
    await bot.add_cog(AboutCog(bot))
