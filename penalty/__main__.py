"""The ``penalty`` command (the installed script) and ``python -m penalty``.

``penalty assess CASE.json``, one case file and nothing else on the line, is the call scripts and
tools make most; when it succeeds it runs here without loading the command-line framework (typer
and its click: about a tenth of the work of that call). Every other call, and that one whenever
anything goes wrong (a file that cannot be read, bad JSON, an input or data error, a bug), is
handled by :mod:`penalty.cli` from the start, so messages and exit codes are exactly the
framework's. Nothing is printed before the fast path has its whole result, so handing over
never prints twice; standard input (``-``) always goes to :mod:`penalty.cli`, since it can be
read only once.
"""

from __future__ import annotations

import sys


def _quick_assess(path: str) -> bool:
    """Print the assessment of the case file ``path`` as ``penalty assess`` does; False, having
    printed nothing, if anything stands in the way."""
    out = sys.stdout
    if out is None or (out.encoding or "").lower().replace("-", "").replace("_", "") != "utf8":
        return False  # the framework's echo would adapt the text to another encoding
    try:
        from pathlib import Path

        import penalty
        from penalty.clitools import dump

        text = Path(path).read_text(encoding="utf-8-sig")
        data = penalty.read_case_json(text)
        if not isinstance(data, (dict, list)):
            return False
        result = penalty.assess_acts(data) if isinstance(data, list) else penalty.assess(data)
        printed = dump(result.model_dump(mode="json"))
    except Exception:  # noqa: BLE001 - penalty.cli reports it, exactly as it always has
        return False
    try:
        out.write(printed + "\n")
        out.flush()
    except BrokenPipeError:  # as the framework: exit 1, no traceback (e.g. piped into head)
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
        sys.exit(1)
    return True


def main() -> None:
    """Run the command line on ``sys.argv``."""
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "assess" and not args[1].startswith("-"):
        try:
            quick = _quick_assess(args[1])
        except KeyboardInterrupt:  # as the framework: exit 130, no traceback
            sys.exit(130)
        if quick:
            import gc

            gc.freeze()  # as penalty.cli.main: no collections at shutdown
            return
    from penalty.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
