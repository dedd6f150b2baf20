"""The rules, one module per step, each written once over numpy arrays (STYLE habit 3).

A single case is an array of length one; the batch path runs the very same functions.
Band indices follow ``data/benchmark.yaml``: 0 no penalty, 1 mitigated, 2 lenient, 3 standard,
4 aggravated; -1 means no single band (both sides present).
"""

NO_PENALTY, MITIGATED, LENIENT, STANDARD, AGGRAVATED = range(5)
NO_BAND = -1
BIT = [1 << i for i in range(5)]
ALL_BANDS = (1 << 5) - 1
