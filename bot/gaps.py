"""Group the redacted questions Pathways could not answer well, so a curator sees each gap
once, with how often it was asked and the topic it came closest to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

# Two questions are one gap from this token-set similarity (0-100). Chosen by reading the
# groups it makes of rephrasings in own-tune.yaml: 70 joins "what is a lado" with "who is
# the LADO" and keeps "what is a lado" apart from "what is county lines".
SAME_GAP = 70.0


@dataclass
class Gap:
    example: str  # the most often asked wording
    count: int = 0
    closest_topic: str | None = None
    questions: Counter[str] = field(default_factory=Counter)
    _closest: Counter[str] = field(default_factory=Counter, repr=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "closest_topic": self.closest_topic,
            "example": self.example,
            "questions": [{"text": t, "count": n} for t, n in self.questions.most_common()],
        }


def group_gaps(asked: Iterable[tuple[str, str | None]]) -> list[Gap]:
    """(redacted text, closest topic) pairs -> gaps, most asked first. Greedy: each wording,
    most frequent first, joins the first gap whose example it resembles."""
    wordings: Counter[str] = Counter()
    closest: dict[str, Counter[str]] = {}
    for text, topic in asked:
        key = " ".join(text.split())
        wordings[key] += 1
        if topic:
            closest.setdefault(key, Counter())[topic] += 1
    gaps: list[Gap] = []
    for text, n in sorted(wordings.items(), key=lambda item: (-item[1], item[0])):
        folded = text.lower()
        gap = next(
            (g for g in gaps if fuzz.token_set_ratio(folded, g.example.lower()) >= SAME_GAP),
            None,
        )
        if gap is None:
            gap = Gap(example=text)
            gaps.append(gap)
        gap.count += n
        gap.questions[text] += n
        gap._closest.update(closest.get(text, Counter()))
    for gap in gaps:
        gap.closest_topic = gap._closest.most_common(1)[0][0] if gap._closest else None
    return sorted(gaps, key=lambda g: (-g.count, g.example))


def yaml_stubs(gaps: Iterable[Gap]) -> str:
    """`questions:` lines to paste into a topic (after review), one block per gap."""
    blocks = []
    for gap in gaps:
        lines = [f"# asked {gap.count} time(s); closest topic: {gap.closest_topic or 'none'}"]
        lines.append("questions:")
        lines += [f"  - {_quoted(text)}" for text in gap.questions]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
