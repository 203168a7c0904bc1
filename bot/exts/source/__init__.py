"""/source: read the article itself, by paragraph number or by searching its words."""

from bot.client import FaqBot
from bot.exts.source._cog import SourceCog


async def setup(bot: FaqBot) -> None:
    await bot.add_cog(SourceCog(bot))
