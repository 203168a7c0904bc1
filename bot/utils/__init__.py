"""The Discord pieces that the client and more than one feature share: rendering within Discord's limits,
the answer message and its controls, checks, server settings, records and languages. Not an extension."""
