"""Helpers the tests of several areas share: projects built in a given shape, the app driven."""
