"""Helpers shared by the test suites of all apps."""
