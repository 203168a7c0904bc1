"""/faq browse and /faq show: reading the FAQ itself."""

from bot.client import FaqBot
from bot.exts.browse._cog import FaqCog
from bot.exts.browse._views import DYNAMIC_ITEMS


async def setup(bot: FaqBot) -> None:
    await bot.add_cog(FaqCog(bot))
    bot.add_dynamic_items(*DYNAMIC_ITEMS)  # the browser's controls, also on messages sent before a restart
