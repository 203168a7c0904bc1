"""/faqadmin: what went unanswered, which answers people found unhelpful, server settings, reloading."""

from bot.client import FaqBot
from bot.exts.admin._cog import AdminCog


async def setup(bot: FaqBot) -> None:
    await bot.add_cog(AdminCog(bot))
