"""Try scoring weights and thresholds against evaluation files; prints top-1 and
out-of-scope answered for each setting. A development aid, not a test."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from bot import Assistant
from bot import assistant as assistant_module
from bot.evaluate import evaluate, read_cases
from bot.index import Index


def main(files: list[str]) -> None:
    import os

    bot = Assistant.load(os.environ.get("KB"))
    sets = {Path(f).name: read_cases(Path(f)) for f in files}
    rows = []
    for w_cov, w_fuzzy, w_near, threshold in itertools.product(
        (0.25, 0.35, 0.45), (0.1, 0.2, 0.3), (0.0, 0.2, 0.3, 0.4), (0.45, 0.5)
    ):
        w_rel = round(1 - w_cov - w_fuzzy - w_near, 2)
        if w_rel < 0:
            continue
        Index.weights = (w_cov, w_fuzzy, w_rel, w_near)
        assistant_module.THRESHOLD = threshold
        figures = []
        for cases in sets.values():
            s = evaluate(bot, cases).summary()
            figures.append(f"{s['top1']:.3f}/{s['out_of_scope_answered']:.3f}")
        rows.append((Index.weights, threshold, figures))
    for weights, threshold, figures in rows:
        print(weights, threshold, "  ".join(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
