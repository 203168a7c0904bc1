"""Helpers shared by the test suites (spec validation, fakes)."""
