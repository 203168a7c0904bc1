"""Discord features, one extension package each; `FaqBot.setup_hook` loads them."""
