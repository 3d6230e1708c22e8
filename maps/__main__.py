"""``python -m maps``: the command-line interface."""

from maps.cli import main

raise SystemExit(main())
