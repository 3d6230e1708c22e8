"""Scenario files: shipped ones validate; every broken one gives a positioned, helpful error."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maps.cli import main
from maps.parse import (
    ScenarioError,
    json_schema,
    load_scenario,
    scenario_from_text,
    starter_text,
)
from maps.pipeline import resolve_scenario
from maps.scenario import AreaRule, SplitRule

HERE = Path(__file__).resolve().parent
SCENARIOS = sorted((HERE.parent / "scenarios").glob("*.yaml"))
BROKEN = sorted((HERE / "broken").glob("*.yaml"))
HEAD = "id: t\ntitle: T\ndate: 2025-08-18\n"


def expectation(path: Path) -> tuple[str, str]:
    """The `# expect: LINE:COL message` of a broken file (empty files: 1:1)."""
    first = (path.read_text(encoding="utf-8").splitlines() or [""])[0]
    match = re.match(r"# expect: (\d+:\d+) (.+)", first)
    return (match.group(1), match.group(2)) if match else ("1:1", "the file is empty")


def test_shipped_scenarios_exist() -> None:
    names = {p.stem for p in SCENARIOS}
    assert {
        "status-quo",
        "donbas-for-freeze",
        "russia-four-regions",
        "ceasefire-current-line",
        "ukraine-1991-borders",
    } <= names


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_shipped_scenario_validates_and_resolves(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./scenario.schema.json\n")
    scenario = load_scenario(path)
    assert scenario.id == path.stem
    assert scenario.sources, "every shipped scenario cites its sources"
    resolve_scenario(scenario)


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_file_gives_positioned_error(path: Path) -> None:
    position, message = expectation(path)
    with pytest.raises(ScenarioError) as info:
        resolve_scenario(load_scenario(path))
    text = str(info.value)
    assert f"{path}:{position}: " in text, text
    assert message in text, text


def test_validate_command_lists_every_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", *map(str, BROKEN[:3]), str(SCENARIOS[0])])
    out = capsys.readouterr()
    assert code == 1
    assert out.err.count("broken/") >= 3
    assert "Traceback" not in out.err
    assert f"ok  {SCENARIOS[0]}" in out.out


def test_validate_command_passes_shipped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", *map(str, SCENARIOS)]) == 0


def test_every_problem_of_a_file_is_reported() -> None:
    text = (
        HEAD
        + "sumary: x\nrules:\n  - {regions: [donetsk], to: RUS}\n"
        + "  - {regions: [atlantis], to: RU}\n"
    )
    with pytest.raises(ScenarioError) as info:
        scenario_from_text(text, "many.yaml")
    assert len(info.value.problems) >= 2
    assert "many.yaml:4:1: unknown field 'sumary'" in str(info.value)
    assert "unknown region 'atlantis'" in str(info.value)


@pytest.mark.parametrize(
    "alias", ["Zaporizhzhya", "Zaporozhye", "UA-23", "Запорізька область", "zaporizhzhia oblast"]
)
def test_region_aliases_are_accepted(alias: str) -> None:
    rule = scenario_from_text(HEAD + f"rules:\n  - regions: ['{alias}']\n    to: RU\n").rules[0]
    assert isinstance(rule, AreaRule)
    assert rule.regions == ["zaporizhzhia"]


def test_place_names_in_lines_resolve() -> None:
    text = HEAD + "rules:\n  - split: donetsk\n    line: [Siversk, Kostiantynivka, [37.2, 48.0]]\n"
    text += "    west: UA\n    east: RU\n"
    rule = scenario_from_text(text).rules[0]
    assert isinstance(rule, SplitRule)
    assert rule.line_points()[0] == pytest.approx((38.09683, 48.86476))


def test_huge_file_is_refused() -> None:
    text = HEAD + "summary: |\n" + ("  " + "x" * 99 + "\n") * 11_000
    with pytest.raises(ScenarioError, match="larger than 1000 KB"):
        scenario_from_text(text, "huge.yaml")


def test_rule_positions_are_kept() -> None:
    text = (
        HEAD + "rules:\n  - regions: [kherson]\n    freeze: true\n  - {regions: [crimea], to: RU}\n"
    )
    scenario = scenario_from_text(text, "pos.yaml")
    assert str(scenario.rules[1].where) == "pos.yaml:7:5"
    assert str(scenario.where_of(("rules", 0, "regions"))) == "pos.yaml:5:14"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_fuzzed_text_only_ever_raises_scenario_error(text: str) -> None:
    with contextlib.suppress(ScenarioError):
        scenario_from_text(text, "fuzz.yaml")


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["id", "title", "date", "rules", "terms", "parties", "sources", "x"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3)
            ),
            max_leaves=8,
        ),
    )
)
def test_fuzzed_structures_only_ever_raise_scenario_error(data: dict[str, object]) -> None:
    try:
        scenario_from_text(json.dumps(data), "fuzz.yaml")
    except ScenarioError as exc:
        assert_no_library_internals(str(exc))


LIBRARY_WORDS = (
    "discriminator",
    "instance of",
    "pydantic",
    "Value error",
    "input_value",
    "model_type",
    "union_tag",
    "For further information",
)


def assert_no_library_internals(message: str) -> None:
    """A user message speaks of the scenario file, never of the validation library."""
    leaked = [word for word in LIBRARY_WORDS if word in message]
    assert not leaked, f"library internals {leaked} in: {message}"


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("  - donetsk", "rules[0]: a rule is a mapping of keys"),
        ("  - [1, 2]", "rules[0]: a rule is a mapping of keys"),
        ("  - {regions: [donetsk], to: RU}\n  - 5", "rules[1]: a rule is a mapping of keys"),
    ],
)
def test_a_rule_that_is_not_a_mapping_is_named_plainly(rules: str, expected: str) -> None:
    text = f"id: x\ntitle: X\ndate: 2025-01-01\nrules:\n{rules}\n"
    with pytest.raises(ScenarioError) as caught:
        scenario_from_text(text, "plain.yaml")
    assert expected in str(caught.value)
    assert_no_library_internals(str(caught.value))


def test_a_mapping_that_is_no_rule_is_reported_once() -> None:
    text = "id: x\ntitle: X\ndate: 2025-01-01\nrules:\n  - {regions: [donetsk], freez: true}\n"
    with pytest.raises(ScenarioError) as caught:
        scenario_from_text(text, "once.yaml")
    assert [str(p.where) for p in caught.value.problems] == ["once.yaml:5:26"]
    assert "unknown field 'freez'" in str(caught.value)
    assert "did you mean freeze?" in str(caught.value)


def test_a_term_that_is_not_text_is_named_plainly() -> None:
    with pytest.raises(ScenarioError) as caught:
        scenario_from_text("id: x\ntitle: X\ndate: 2025-01-01\nterms:\n  - 5\n", "t.yaml")
    assert "t.yaml:5:5: terms[0]: a term is text" in str(caught.value)
    assert_no_library_internals(str(caught.value))


def test_schema_file_is_current() -> None:
    shipped = json.loads((HERE.parent / "scenarios" / "scenario.schema.json").read_text())
    assert shipped == json.loads(json.dumps(json_schema(), default=str))


def test_starter_file_validates(tmp_path: Path) -> None:
    path = tmp_path / "my-proposal.yaml"
    path.write_text(starter_text("my-proposal"), encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.id == "my-proposal"
    resolve_scenario(scenario)


def test_new_command_writes_and_copies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "copy.yaml"
    assert main(["new", "copy", "--from", str(SCENARIOS[0]), "-o", str(target)]) == 0
    assert load_scenario(target).id == "copy"
    assert main(["new", "copy", "-o", str(target)]) == 1
    assert "exists" in capsys.readouterr().err


def test_converter_bounds_depth_as_well_as_the_parser() -> None:
    """A node tree composed elsewhere (without the parser's bound) is refused too."""
    from ruamel.yaml import YAML

    from maps.yamlsource import MAX_DEPTH, YamlProblem, _convert

    deep = MAX_DEPTH + 10
    root = YAML(typ="safe", pure=True).compose("x: " + "[" * deep + "]" * deep)
    with pytest.raises(YamlProblem, match=f"nested more than {MAX_DEPTH} levels deep"):
        _convert(root, (), {}, [0])
