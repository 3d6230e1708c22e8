"""The real ``maps`` command on hostile input and hostile output paths: one clear line, exit 1.

Scenario files nested thousands of levels deep, FIFOs and devices given as scenario files,
``-o`` pointing at a symlink, a FIFO, a device, a directory, a path under a file, a read-only
or full file system, out-of-range ``--dpi`` and ``--size``, user text full of ``$``, and two
exports racing to one path.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.hostile.harness import REPO, assert_clean_failure, run_maps, tree

HERE = Path(__file__).resolve().parent / "cli"
SCENARIO = REPO / "scenarios" / "status-quo.yaml"
DOLLARS = HERE / "dollars.yaml"
LONG_FIELDS = [*sorted(HERE.glob("long-*.yaml")), HERE / "too-many-tags.yaml"]
HEAD = "id: deep\ntitle: Deep\ndate: 2025-08-18\n"
SMALL = ("--dpi", "50", "--size", "600x420px")


def _expectation(path: Path) -> tuple[str, str]:
    """The ``# expect: LINE:COL message`` on a file's first line."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# expect: (\d+:\d+) (.+)", first)
    assert match, f"{path} has no '# expect:' line"
    return match.group(1), match.group(2)


# Scenario files: nesting, special files, over-long text


NESTINGS = {
    "flow-lists": HEAD + "rules: " + "[" * 2000 + "]" * 2000 + "\n",
    "flow-maps": HEAD + "rules: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n",
    "compact-lists": HEAD + "rules:\n" + "- " * 2000 + "x\n",
    "indented-maps": HEAD + "rules:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 600)),
}


@pytest.mark.parametrize("kind", sorted(NESTINGS))
def test_deep_nesting_is_one_positioned_error(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.yaml"
    path.write_text(NESTINGS[kind], encoding="utf-8")
    outcome = run_maps("stats", str(path))
    line = assert_clean_failure(outcome, "nested more than 64 levels deep", max_seconds=30)
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: ", line), line


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (_fifo, "a FIFO"),
        (lambda tmp_path: Path("/dev/zero"), "a device"),
        (lambda tmp_path: tmp_path, "a directory"),
    ],
    ids=["fifo", "dev-zero", "directory"],
)
def test_special_file_as_scenario_is_refused_at_once(
    tmp_path: Path, make: Callable[[Path], Path], kind: str
) -> None:
    path = make(tmp_path)
    outcome = run_maps("stats", str(path), seconds=30)
    assert_clean_failure(
        outcome, f"{path}: cannot read: not a regular file ({kind})", max_memory_mb=600
    )


@pytest.mark.parametrize("path", LONG_FIELDS, ids=[p.stem for p in LONG_FIELDS])
def test_over_long_text_is_a_positioned_error(path: Path) -> None:
    position, message = _expectation(path)
    line = assert_clean_failure(run_maps("stats", str(path)), message)
    assert f"{path}:{position}: " in line, line


def test_huge_party_name_fails_fast(tmp_path: Path) -> None:
    path = tmp_path / "huge-name.yaml"
    name = "$x$ " * 225_000
    path.write_text(
        HEAD
        + f'parties:\n  FUND:\n    name: "{name}"\nrules:\n  - {{regions: [donetsk], to: FUND}}\n',
        encoding="utf-8",
    )
    outcome = run_maps("export", str(path), "-o", str(tmp_path / "map.png"))
    line = assert_clean_failure(outcome, "name: string should have at most 200 characters")
    assert f"{path}:6:11: " in line, line
    assert not (tmp_path / "map.png").exists()


# User text is drawn literally


def test_dollar_signs_in_title_are_drawn_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "map.svg"
    outcome = run_maps("export", str(DOLLARS), "--format", "svg", *SMALL, "-o", str(path))
    assert outcome.code == 0, outcome
    svg = path.read_text(encoding="utf-8")
    title = "Costs $5bn now, $10bn later"
    assert f">{title}</text>" in svg, "the title is not drawn as its own text"


@pytest.mark.parametrize("command", ["export", "report"])
def test_dollar_signs_in_party_names_do_not_break_static_maps(tmp_path: Path, command: str) -> None:
    path = tmp_path / ("map.png" if command == "export" else "report.html")
    args = SMALL if command == "export" else ()
    outcome = run_maps(command, str(DOLLARS), *args, "-o", str(path))
    assert outcome.code == 0, outcome
    assert "Traceback" not in outcome.stderr
    assert path.stat().st_size > 10_000


# Output paths


def _symlink(tmp_path: Path) -> Path:
    (tmp_path / "real.png").write_bytes(b"keep me")
    link = tmp_path / "out" / "link.png"
    link.parent.mkdir()
    link.symlink_to(tmp_path / "real.png")
    return link


def _dangling_symlink(tmp_path: Path) -> Path:
    link = tmp_path / "out" / "link.png"
    link.parent.mkdir()
    link.symlink_to(tmp_path / "nowhere.png")
    return link


def _fifo_target(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "fifo.png"
    path.parent.mkdir()
    os.mkfifo(path)
    return path


def _device(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "null.png"
    path.parent.mkdir()
    try:
        os.mknod(path, 0o666 | 0o020000, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node is not permitted here")
    return path


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "map.png"
    path.mkdir(parents=True)
    (path / "inside.txt").write_text("keep me")
    return path


def _under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "out").write_text("keep me")
    return tmp_path / "out" / "sub" / "map.png"


TARGETS = {
    "symlink": (_symlink, "is a symbolic link"),
    "dangling-symlink": (_dangling_symlink, "is a symbolic link"),
    "fifo": (_fifo_target, "is a FIFO"),
    "device": (_device, "is a device"),
    "directory": (_directory, "is a directory"),
    "under-a-file": (_under_a_file, "out is a file, not a folder"),
}
COMMANDS = {
    "export": ("export", str(SCENARIO), *SMALL, "-o"),
    "schema": ("schema", "-o"),
    "new": ("new", "my-proposal", "--force", "-o"),
}


def _kinds(path: Path) -> dict[str, str]:
    """What each entry below ``path`` is (link targets included), to see nothing changed."""
    return {
        str(p.relative_to(path)): f"{p.is_symlink()} {os.readlink(p) if p.is_symlink() else ''}"
        f" {p.lstat().st_mode:o}"
        for p in sorted(path.rglob("*"))
    }


def _folder_with_a_directory_named_like_the_file(tmp_path: Path) -> Path:
    """``maps new ID -o DIR`` writes DIR/ID.yaml: here that name is taken by a directory."""
    folder = tmp_path / "out"
    (folder / "my-proposal.yaml").mkdir(parents=True)
    (folder / "my-proposal.yaml" / "inside.txt").write_text("keep me")
    return folder


def _refused(tmp_path: Path, target: str, command: str) -> None:
    make, expected = TARGETS[target]
    if command == "new" and target == "directory":
        make = _folder_with_a_directory_named_like_the_file
    path = make(tmp_path)
    before, kinds = tree(tmp_path), _kinds(tmp_path)
    outcome = run_maps(*COMMANDS[command], str(path), seconds=30)
    line = assert_clean_failure(outcome, expected)
    assert str(path) in line
    assert tree(tmp_path) == before
    assert _kinds(tmp_path) == kinds


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_export_to_what_is_not_a_regular_file_is_refused(tmp_path: Path, target: str) -> None:
    _refused(tmp_path, target, "export")


@pytest.mark.parametrize("command", ["new", "schema"])
@pytest.mark.parametrize("target", ["symlink", "directory", "under-a-file"])
def test_every_writer_refuses_what_is_not_a_regular_file(
    tmp_path: Path, target: str, command: str
) -> None:
    _refused(tmp_path, target, command)


def test_unwritable_folder_is_one_line(tmp_path: Path) -> None:
    """As root, permissions do not stop a write; sysfs refuses new files even to root."""
    if not Path("/sys/kernel").is_dir():
        pytest.skip("no /sys here")
    outcome = run_maps("export", str(SCENARIO), *SMALL, "-o", "/sys/kernel/map.png")
    assert_clean_failure(outcome, "cannot write /sys/kernel/map.png: ")


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KB tmpfs: big enough for a small file, too small for a map."""
    folder = tmp_path / "small"
    folder.mkdir()
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True
    )
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mount.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize("existing", [False, True], ids=["new-file", "existing-file"])
def test_full_disk_is_one_line_and_leaves_nothing(full_disk: Path, existing: bool) -> None:
    path = full_disk / "map.png"
    if existing:
        path.write_bytes(b"the old map")
    before = tree(full_disk)
    outcome = run_maps("export", str(SCENARIO), "--dpi", "100", "-o", str(path))
    assert_clean_failure(outcome, f"cannot write {path}: No space left on device")
    assert tree(full_disk) == before


# --dpi and --size


@pytest.mark.parametrize("dpi", ["0", "-5", "29", "1201", "100000"])
def test_dpi_out_of_range_is_one_line(tmp_path: Path, dpi: str) -> None:
    outcome = run_maps("export", str(SCENARIO), f"--dpi={dpi}", "-o", str(tmp_path / "m.png"))
    assert_clean_failure(outcome, f"dpi {dpi}: use 30 to 1200 dots per inch", max_seconds=30)
    assert tree(tmp_path) == {}


@pytest.mark.parametrize("size", ["99x500", "500x20001", "20000x20000"])
def test_size_out_of_range_is_one_line(tmp_path: Path, size: str) -> None:
    outcome = run_maps("export", str(SCENARIO), "--size", size, "-o", str(tmp_path / "m.png"))
    assert_clean_failure(outcome, f"size {size}: ", max_seconds=30)
    assert tree(tmp_path) == {}


# Two writers, one path


def test_two_exports_to_one_path_at_once_both_succeed(tmp_path: Path) -> None:
    path = tmp_path / "map.png"
    command = [sys.executable, "-m", "maps", "export", str(SCENARIO), "-o", str(path)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    children = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    results = [child.communicate(timeout=120) for child in children]
    for child, (_, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.png"]
    assert path.read_bytes().startswith(b"\x89PNG")


# Determinism and a quiet import


def test_static_exports_are_byte_identical(tmp_path: Path) -> None:
    from maps.pipeline import resolve_file
    from maps.static import FORMATS, export

    res = resolve_file(SCENARIO)
    for fmt in FORMATS:
        a, b = (
            export(res, tmp_path / f"{name}.{fmt}", fmt=fmt, dpi=50, size_px=(600, 420))
            for name in "ab"
        )
        assert a.read_bytes() == b.read_bytes(), f"two {fmt.upper()} exports differ"


IMPORT_CHECK = """
import matplotlib
matplotlib.use("svg")
matplotlib.rcParams["font.family"] = "serif"
before = dict(matplotlib.rcParams)
from pathlib import Path
import maps.static
from maps.pipeline import resolve_file
maps.static.export(resolve_file(r"{scenario}"), Path(r"{out}"), dpi=50, size_px=(600, 420))
changed = sorted(k for k, v in matplotlib.rcParams.items() if before[k] != v)
print(matplotlib.get_backend(), changed)
"""


def test_importing_and_exporting_leaves_matplotlib_alone(tmp_path: Path) -> None:
    code = IMPORT_CHECK.format(scenario=SCENARIO, out=tmp_path / "m.png")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["svg", "[]"]
    assert (tmp_path / "m.png").is_file()


# The last line of defence in main


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(5, "Input/output error", "data.geojson"), "error: data.geojson: Input/output"),
        (RecursionError("maximum recursion depth exceeded"), "error: the input is nested too"),
        (MemoryError(), "error: out of memory"),
        (
            RuntimeError("boom\nsecond line"),
            "error: internal error: RuntimeError: boom second line (set MAPS_DEBUG=1",
        ),
    ],
    ids=["oserror", "recursion", "memory", "other"],
)
def test_unexpected_errors_are_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: Exception,
    expected: str,
) -> None:
    from maps import cli

    def fail(args: object) -> int:
        raise error

    monkeypatch.setattr(cli, "cmd_schema", fail)
    monkeypatch.delenv("MAPS_DEBUG", raising=False)
    assert cli.main(["schema"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(expected) and err.count("\n") == 1, err
    monkeypatch.setenv("MAPS_DEBUG", "1")
    with pytest.raises(type(error)):
        cli.main(["schema"])
