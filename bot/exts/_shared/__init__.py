"""Rendering, buttons and checks that more than one feature needs. Not an extension."""
