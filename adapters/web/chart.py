"""An inline SVG bar chart of questions (and fallbacks) by month: no script, no other origin,
and only presentation attributes, so the page's strict Content-Security-Policy allows it."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 640, 220, 32
ASKED, MISSED = "#1d4f91", "#b35900"  # 4.5:1 or better on white


def month_chart(by_month: Mapping[str, Mapping[str, int]]) -> Markup:
    months = list(by_month.items())
    if not months:
        return Markup("")
    top = max(m["questions"] for _, m in months) or 1
    slot = (WIDTH - 2 * PAD) / len(months)
    bar = max(min(slot * 0.35, 40), 2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 40}" '
        f'width="{WIDTH}" height="{HEIGHT + 40}" role="img" aria-labelledby="chart-title">',
        '<title id="chart-title">Questions and fallbacks by month</title>',
        f'<line x1="{PAD}" y1="{HEIGHT}" x2="{WIDTH - PAD}" y2="{HEIGHT}" stroke="#505a5f"/>',
    ]
    for i, (month, counts) in enumerate(months):
        x = PAD + i * slot + slot / 2 - bar
        for offset, value, colour, label in (
            (0.0, counts["questions"], ASKED, "questions"),
            (bar, counts["fallbacks"], MISSED, "fallbacks"),
        ):
            height = (HEIGHT - PAD) * value / top
            parts.append(
                f'<rect x="{x + offset:.1f}" y="{HEIGHT - height:.1f}" width="{bar:.1f}" '
                f'height="{height:.1f}" fill="{colour}"><title>{escape(month)}: {value} '
                f"{label}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar:.1f}" y="{HEIGHT + 18}" text-anchor="middle" font-size="12" '
            f'fill="#0b0c0c">{escape(month)}</text>'
        )
    legend = HEIGHT + 34
    parts += [
        f'<rect x="{PAD}" y="{legend - 10}" width="10" height="10" fill="{ASKED}"/>',
        f'<text x="{PAD + 14}" y="{legend}" font-size="12" fill="#0b0c0c">questions</text>',
        f'<rect x="{PAD + 100}" y="{legend - 10}" width="10" height="10" fill="{MISSED}"/>',
        f'<text x="{PAD + 114}" y="{legend}" font-size="12" fill="#0b0c0c">fallbacks</text>',
        "</svg>",
    ]
    return Markup("".join(parts))
