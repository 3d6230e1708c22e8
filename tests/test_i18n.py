"""Text in Ukrainian (--lang uk): numbers, names and every phrase of the figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import maps
from maps.cli import main
from maps.i18n import NBSP, about, number, percent, regime_phrase
from maps.summary import headlines

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "scenarios" / "us-28-point-plan-2025-11.yaml"


def test_numbers_are_written_the_ukrainian_way() -> None:
    assert number(114421.4, "uk") == f"114{NBSP}421"
    assert percent(19.14, "uk") == "19,1%"
    assert about(577_643, "uk") == f"близько 580{NBSP}000"
    assert number(114421.4) == "114,421" and percent(19.14) == "19.1%"


def test_regimes_read_as_ukrainian_phrases() -> None:
    assert regime_phrase(["neutral", "demilitarised", "buffer"], "uk") == (
        "нейтральна демілітаризована буферна зона"
    )
    assert regime_phrase(["international"], "uk") == "зона під міжнародним управлінням"


def test_headlines_in_ukrainian_name_parties_regions_and_sites_in_ukrainian() -> None:
    res = maps.resolve_file(PLAN)
    lines = headlines(res.figures, res.scenario.party_names("uk"), "uk")
    text = "\n".join(lines)
    for word in ("Україна", "Росія", "км²", "Запорізька атомна електростанція", "Дніпро"):
        assert word in text, word
    own = "\n".join(lines[: len(lines) - len(res.figures.sites)])  # site terms are the file's
    for english in ("would hold", "Ukraine", "Russia", "km²", "zone would cover"):
        assert english not in own, english
    assert len(lines) == len(headlines(res.figures, res.scenario.party_names()))


def test_stats_command_speaks_ukrainian(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(PLAN), "--lang", "uk"]) == 0
    out = capsys.readouterr().out
    assert "Донецька область" in out and "Контроль за областями" in out
    assert "Базова лінія: лінія зіткнення 2025-11-20" in out
    assert not re.search(r"\d,\d{3}\b", out.split("Базова лінія")[0])  # no English thousands
