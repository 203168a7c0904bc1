"""/privacy: what the bot stores about questions and votes, and for how long."""

from bot.client import FaqBot
from bot.exts.privacy._cog import PrivacyCog


async def setup(bot: FaqBot) -> None:
    await bot.add_cog(PrivacyCog(bot.settings.retention_days))
