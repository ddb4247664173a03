"""The fuzz targets: every kept crasher and seed replayed, then each target fuzzed for a few seconds.

Replaying needs nothing but the project. The coverage-guided runs need atheris (in the `test`
extra); where it cannot be imported they are skipped. Each run is bounded by time, by input
length and by a per-input timeout, so a slow input fails the run like a crash does; what it
found is left in the run's folder and named in the failure, to be kept under
``tests/fixtures/crashers/<target>/``.
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CRASHERS = HERE.parent / "fixtures" / "crashers"
SEEDS = HERE / "corpus"
TARGETS = ("reader", "timex", "quotes", "extract")

# Seconds of fuzzing per target in a normal test run (FUZZ_SECONDS overrides, e.g. for a nightly run),
# the longest one input may take, and the longest input: coding time grows with length.
SECONDS = {"reader": 4, "timex": 3, "quotes": 4, "extract": 7}
PER_INPUT_TIMEOUT = {"reader": 10, "timex": 10, "quotes": 20, "extract": 30}
MAX_LEN = {"reader": 4096, "timex": 2048, "quotes": 1024, "extract": 1024}


def _target(name: str):
    spec = importlib.util.spec_from_file_location(f"fuzz_{name}", HERE / f"fuzz_{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.one_input


def _inputs() -> list[tuple[str, Path]]:
    out = []
    for name in TARGETS:
        for folder in (CRASHERS / name, SEEDS / name):
            out += [(name, p) for p in sorted(folder.glob("*")) if p.is_file() and p.suffix != ".md"]
    return out


def test_every_target_has_seeds() -> None:
    for name in TARGETS:
        assert any((SEEDS / name).iterdir()), f"no seed inputs for fuzz_{name}"


@pytest.mark.parametrize("name, path", _inputs(), ids=lambda v: v.name if isinstance(v, Path) else v)
def test_kept_inputs_replay_cleanly(name: str, path: Path) -> None:
    _target(name)(path.read_bytes())


@pytest.mark.parametrize("name", TARGETS)
def test_fuzz_for_a_bounded_time(name: str, tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    seconds = int(os.environ.get("FUZZ_SECONDS", SECONDS[name]))
    work = tmp_path / "corpus"
    work.mkdir()
    command = [sys.executable, str(HERE / f"fuzz_{name}.py"), f"-max_total_time={seconds}",
               f"-timeout={PER_INPUT_TIMEOUT[name]}", f"-max_len={MAX_LEN[name]}", "-rss_limit_mb=3072",
               f"-artifact_prefix={tmp_path}/", "-seed=1", str(work), str(SEEDS / name)]
    run = subprocess.run(command, check=False, capture_output=True, text=True, timeout=seconds + 120)
    found = sorted(p.name for p in tmp_path.glob("*-*") if p.is_file())
    assert run.returncode == 0, (f"fuzz_{name} found a failing input: {found} in {tmp_path}; keep it under "
                                 f"tests/fixtures/crashers/{name}/\n{run.stderr[-3000:]}")
    assert "Done" in run.stderr, run.stderr[-2000:]
