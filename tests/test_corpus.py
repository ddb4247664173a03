"""Finding a corpus run's inputs: folders walked once each, whatever their links."""
from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from thucydides.corpus import date_from_filename, items, walk


def test_a_symlink_loop_is_walked_once_and_ends(tmp_path: Path) -> None:
    top = tmp_path / "news"
    (top / "a" / "b").mkdir(parents=True)
    (top / "a" / "one.txt").write_text("x")
    (top / "a" / "b" / "two.html").write_text("x")
    os.symlink(top, top / "a" / "b" / "back-to-top")      # a loop
    os.symlink(top / "a", top / "alias-of-a")             # a second way into one folder
    (top / "notes.md").write_text("not an article")
    found = [p.relative_to(top).as_posix() for p in walk(top)]
    assert sorted(Path(p).name for p in found) == ["one.txt", "two.html"]


def test_a_dangling_link_and_a_missing_path_are_rejected_not_fatal(tmp_path: Path) -> None:
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    got = list(items([tmp_path / "dangling.txt", tmp_path / "nowhere"]))
    assert len(got) == 2 and all(i.error and i.article is None for i in got)


def test_dates_in_file_names() -> None:
    assert date_from_filename(Path("2024-12-03_story.txt")) == date(2024, 12, 3)
    assert date_from_filename(Path("20241203-story.html")) == date(2024, 12, 3)
    assert date_from_filename(Path("2024-13-45_story.txt")) is None
    assert date_from_filename(Path("story-123456789.txt")) is None
