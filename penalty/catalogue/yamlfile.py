"""Reading one YAML data file with the safe loader, refusing duplicate keys (a mapping that
names a key twice would otherwise keep the last value silently). Imported only when a data file
is parsed (:func:`penalty.catalogue.loader.read_yaml`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from penalty.errors import DataError

# The safe loader, with libyaml's parser where PyYAML has it (its wheels do): several times faster
# than the pure-Python one, to the same values.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """Safe YAML as PyYAML reads it (a key named twice keeps its last value; ``read_yaml``
    refuses it), through ``SafeLoader``."""
    return yaml.load(text, Loader=SafeLoader)


class _UniqueKeyLoader(SafeLoader):  # type: ignore[misc,valid-type]
    """A safe YAML loader that refuses duplicate keys instead of keeping the last one."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            entry = _enclosing_id(loader, key_node.start_mark.line)
            where = f"entry (id {entry}): " if entry else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"{where}duplicate key {key!r} (lines {seen[key] + 1} and "
                f"{key_node.start_mark.line + 1})", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


def _enclosing_id(loader: _UniqueKeyLoader, line: int) -> str | None:
    """The ``id`` of the list entry that contains ``line`` (0-based), read from the raw text."""
    text = getattr(loader, "_penalty_text", None)
    if text is None:
        return None
    for raw in reversed(text.splitlines()[: line + 1]):
        stripped = raw.strip()
        if stripped.startswith("- id:") or stripped.startswith("- code:"):
            return stripped.split(":", 1)[1].strip()
    return None


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path, data: bytes | None = None) -> Any:
    """The parsed file; ``data``: its bytes when the caller has read them already. Line ends are
    read as ``Path.read_text`` reads them."""
    try:
        raw = path.read_bytes() if data is None else data
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        loader = _UniqueKeyLoader(text)
        loader._penalty_text = text  # for error messages naming the entry
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise DataError(str(path), [f"not valid YAML: {exc}"]) from None
    except OSError as exc:
        raise DataError(str(path), [f"cannot be read: {exc.strerror}"]) from None
