"""Hostile inputs: each must end in one clear error line, exit code 1, bounded time and memory."""
