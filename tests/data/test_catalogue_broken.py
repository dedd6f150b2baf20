"""One broken copy of data/ per kind of defect (fixtures/broken.yaml): loading it must raise
``penalty.DataError`` whose message names the file, the entry and the field.

``Catalogue(path)`` is used directly: ``load_catalogue`` caches per folder.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

import penalty
from penalty.catalogue import Catalogue, loader

FIXTURES = yaml.safe_load((Path(__file__).parent / "fixtures" / "broken.yaml").read_text("utf-8"))


def entry_block(text: str, entry: str) -> str:
    """The text of one provision entry: from its '- id:' line to the next one."""
    m = re.search(rf"^- id: {re.escape(entry)}\n.*?(?=^- id: |\Z)", text, re.DOTALL | re.MULTILINE)
    assert m, f"fixture out of date: no entry {entry!r}"
    return m.group(0)


def broken_copy(data_dir: Path, tmp_path: Path, fixture: dict) -> Path:
    root = tmp_path / "data"
    shutil.copytree(data_dir, root)
    path = root / fixture["file"]
    text = path.read_text(encoding="utf-8")
    block = entry_block(text, fixture["entry"]) if fixture["entry"] else text
    edited = block
    for find, put in fixture["replace"].items():
        assert block.count(find) == 1, (
            f"fixture out of date: {find!r} occurs {block.count(find)} times in "
            f"{fixture['file']} {fixture['entry'] or ''}")
        edited = edited.replace(find, put)
    path.write_text(text.replace(block, edited) if fixture["entry"] else edited, encoding="utf-8")
    return root


def test_the_unedited_copy_loads(data_dir, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(data_dir, root)
    assert len(Catalogue(root).provisions) > 0


@pytest.mark.parametrize("fixture", [
    pytest.param(f, id=f["defect"], marks=[pytest.mark.xfail(strict=True, reason=f["xfail"])]
                 if f.get("xfail") else [])
    for f in FIXTURES])
def test_broken_data_is_refused_with_file_entry_and_field(data_dir, tmp_path, fixture):
    root = broken_copy(data_dir, tmp_path, fixture)
    with pytest.raises(penalty.DataError) as exc:
        Catalogue(root)
    message = str(exc.value)
    assert exc.value.problems, "a DataError lists its problems"
    missing = [frag for frag in fixture["expect"] if frag not in message]
    assert missing == [], f"{fixture['defect']}: {missing} not in\n{message}"


def test_a_missing_file_is_a_data_error(data_dir, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(data_dir, root)
    (root / "factors.yaml").unlink()
    with pytest.raises(penalty.DataError) as exc:
        Catalogue(root)
    assert "factors.yaml" in str(exc.value) and "cannot be read" in str(exc.value)


def test_invalid_yaml_is_a_data_error(data_dir, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(data_dir, root)
    (root / "benchmark.yaml").write_text("split: [unclosed\n", encoding="utf-8")
    with pytest.raises(penalty.DataError) as exc:
        Catalogue(root)
    assert "benchmark.yaml" in str(exc.value) and "not valid YAML" in str(exc.value)


def test_a_file_read_again_unchanged_is_not_parsed_again(data_dir, tmp_path, monkeypatch):
    """Validated files are kept by their bytes: a copy of the folder with one file edited parses
    that file only, to the same catalogue, and a broken edit is still refused."""
    loader.forget_validated()
    parsed: list[str] = []
    read = loader.read_yaml
    monkeypatch.setattr(loader, "read_yaml",
                        lambda path, data=None: parsed.append(path.name) or read(path, data))
    first = tmp_path / "first"
    shutil.copytree(data_dir, first)
    before = Catalogue(first)
    expected = {p.name for p in (first / "provisions").glob("*.yaml")} | {
        "benchmark.yaml", "factors.yaml", "assumptions.yaml", "labels.yaml"}
    assert set(parsed) == expected and len(parsed) == len(expected)

    parsed.clear()
    second = tmp_path / "second"
    shutil.copytree(data_dir, second)
    with (second / "benchmark.yaml").open("a", encoding="utf-8") as fh:
        fh.write("# a comment: other bytes, the same values\n")
    after = Catalogue(second)
    assert parsed == ["benchmark.yaml"]
    assert after.benchmark == before.benchmark and after.labels is before.labels
    assert {k: p.model_dump(exclude={"source_file"}) for k, p in after.provisions.items()} == \
        {k: p.model_dump(exclude={"source_file"}) for k, p in before.provisions.items()}

    parsed.clear()
    third = tmp_path / "third"
    shutil.copytree(data_dir, third)
    (third / "factors.yaml").write_text("circumstances: [unclosed\n", encoding="utf-8")
    with pytest.raises(penalty.DataError, match="factors.yaml"):
        Catalogue(third)
    assert parsed == ["factors.yaml"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_bytes_already_read_parse_as_the_file_does(tmp_path, newline):
    """validate_file hashes the bytes it parses: read from them, a file gives what reading it
    as text gives, whatever its line ends."""
    from penalty.catalogue.yamlfile import read_yaml

    path = tmp_path / "f.yaml"
    path.write_bytes(newline.join(["a: 1", "text: |", "  two", "  lines", "b: [x, y]", ""])
                     .encode("utf-8"))
    assert read_yaml(path, path.read_bytes()) == read_yaml(path) == {
        "a": 1, "text": "two\nlines\n", "b": ["x", "y"]}
