"""/faq browse and /faq show: reading the FAQ itself."""

from bot.client import FaqBot
from bot.exts.browse._cog import FaqCog


async def setup(bot: FaqBot) -> None:
    await bot.add_cog(FaqCog(bot))
