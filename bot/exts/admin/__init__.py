"""/faqadmin: what went unanswered, which answers people found unhelpful, server settings, teaching the
FAQ and reloading it."""

from bot.client import FaqBot
from bot.exts.admin._cog import AdminCog
from bot.exts.admin._views import UndoButton


async def setup(bot: FaqBot) -> None:
    await bot.add_cog(AdminCog(bot))
    bot.add_dynamic_items(UndoButton)  # Undo buttons under /faqadmin taught work after a restart too
