"""/ask, the "Find answer" message menu, and answers to @mentions."""

from bot.client import FaqBot
from bot.exts.ask._cog import AskCog


async def setup(bot: FaqBot) -> None:
    await bot.add_cog(AskCog(bot))
