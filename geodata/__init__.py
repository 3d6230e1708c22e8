"""Shipped geodata, installed as the package data ``maps.geodata``. See SOURCES.md."""
