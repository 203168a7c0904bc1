"""`faqbot ARGS` in a process of its own, talking to a fake Discord at FAKE_DISCORD_API and
FAKE_DISCORD_GATEWAY, as tests/e2e/fake_discord.py's redirect_discord_py does inside a test process."""

import os
import sys

import discord
import yarl

from bot.cli import main

if __name__ == "__main__":
    discord.http.Route.BASE = os.environ["FAKE_DISCORD_API"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FAKE_DISCORD_GATEWAY"])
    sys.exit(main(sys.argv[1:]))
