"""Batch runs: a client's list of issues, one case per row, in CSV or XLSX; every row comes back,
in order, with its result or its error.

Input columns are ``penalty.FRAME_COLUMNS`` (lists as ``a;b`` or JSON; prior penalties as JSON),
plus an optional ``row_id``. Only ``provision``, ``violation_date`` and ``decision_date`` are
required. The rows go through :func:`penalty.assess_frame` (the vectorised path) in chunks.

Output: the input columns as given, then ``row`` (the 1-based data row of the input), then the
result columns of :func:`penalty.output_columns` with money as CNY: ``*_fen`` becomes ``*_cny``,
written in CSV as exact strings with two decimals (``1234.50``) and in XLSX as numbers with a
two-decimal format (exact to the fen); a result column named like an input column gets the
prefix ``result_`` (``result_persons_count``: the persons actually fined). Text that came
from the user is neutralised so no spreadsheet reads it as a formula (:mod:`penalty.export.safety`).

File-level problems (too large, not UTF-8, not CSV/XLSX, a row with too many fields, an unknown or
duplicated column, a missing required column) raise :class:`~penalty.errors.BatchError` naming the row and the
column; problems inside a row become that row's ``error``.

Where each part lives: :mod:`.read` (input files: type, size, encoding, CSV and XLSX, header
checks, protection against hostile workbooks), :mod:`.format` (the output table: columns, money
in CNY, row errors), :mod:`.write` (CSV and XLSX output, written atomically) and :mod:`.run`
(:func:`~penalty.export.batch.run.run_batch`: read, assess in chunks, write, summarise). The
public names are re-exported by :mod:`penalty.export`.
"""
