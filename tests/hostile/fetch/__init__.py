"""Hostile payloads in the real shapes of the services ``maps fetch`` talks to."""
