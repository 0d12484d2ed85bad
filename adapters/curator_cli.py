"""The curator's commands: `pathways report`, `unanswered`, `review-due` and `purge`.

They read the store named by PATHWAYS_DATABASE_URL (as the service writes it) and print for a
person (a table), a spreadsheet (csv) or another program (json)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from adapters.web.config import ConfigError, WebConfig, load_config
from bot.gaps import yaml_stubs as stubs_of
from bot.review import due_for_review
from curator.report import report
from curator.store import Store
from curator.unanswered import unanswered


def settings() -> WebConfig:
    try:
        return load_config()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def open_store() -> Store:
    return Store(settings().store_settings().database_url)


def _reading(store: Store, action: Callable[[Store], Any]) -> Any:
    """Run a read of the store, then close it; an unreachable database is a clear error."""
    try:
        return action(store)
    except Exception as exc:
        raise click.ClickException(
            f"cannot read the store at PATHWAYS_DATABASE_URL ({type(exc).__name__}): is the "
            "database running and the URL right?"
        ) from exc
    finally:
        store.dispose()


since_option = click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only records from this date (YYYY-MM-DD).",
)
council_filter = click.option("--council", default=None, help="Only this council's records.")


@click.command(name="report")
@since_option
@council_filter
@click.option(
    "--format",
    "form",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
def report_command(since: dt.datetime | None, council: str | None, form: str) -> None:
    """Questions by topic, role and surface; fallbacks; urgency; feedback; the monthly trend."""
    day = since.date() if since else None
    figures = _reading(open_store(), lambda store: report(store, day, council))
    if form == "json":
        click.echo(json.dumps(figures, indent=2))
    elif form == "csv":
        click.echo(_csv(figures), nl=False)
    else:
        click.echo(_table(figures))


def _rows(figures: dict[str, Any]) -> list[tuple[str, str, str, int]]:
    """(section, name, measure, value): one long table that a spreadsheet can pivot."""
    rows = [("total", "questions", "count", figures["questions"])]
    rows.append(("fallbacks", "fallback", "count", figures["fallbacks"]["count"]))
    rows += [("urgency", level, "count", n) for level, n in figures["urgent"].items()]
    for section in ("by_topic", "by_role", "by_surface", "by_confidence"):
        rows += [(section, name, "count", n) for name, n in figures[section].items()]
    for month, counts in figures["by_month"].items():
        rows += [("by_month", month, measure, n) for measure, n in counts.items()]
    for topic, f in figures["feedback"].items():
        rows += [("feedback", topic, "helpful", f["helpful"])]
        rows += [("feedback", topic, "not_helpful", f["not_helpful"])]
        rows += [("feedback", topic, f"reason: {r}", n) for r, n in f["reasons"].items()]
    return rows


def _csv(figures: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("section", "name", "measure", "value"))
    writer.writerows(_rows(figures))
    return out.getvalue()


def _table(figures: dict[str, Any]) -> str:
    total = figures["questions"]
    lines = [
        f"questions          {total}",
        f"fallbacks          {figures['fallbacks']['count']} ({figures['fallbacks']['rate']:.1%})",
        f"urgent             {figures['urgent']['urgent']}",
        f"possibly urgent    {figures['urgent']['possible']}",
    ]
    for title, key in (
        ("by topic", "by_topic"),
        ("by role", "by_role"),
        ("by surface", "by_surface"),
        ("by confidence", "by_confidence"),
    ):
        lines += ["", title] + [f"  {name:40} {n:6}" for name, n in figures[key].items()]
    lines += ["", "by month (questions, fallbacks)"]
    lines += [
        f"  {m:40} {c['questions']:6} {c['fallbacks']:6}" for m, c in figures["by_month"].items()
    ]
    lines += ["", "feedback (helpful, not helpful, reasons)"]
    for topic, f in figures["feedback"].items():
        reasons = "; ".join(f"{r}: {n}" for r, n in f["reasons"].items())
        lines.append(f"  {topic:40} {f['helpful']:6} {f['not_helpful']:6}  {reasons}")
    return "\n".join(lines)


@click.command(name="unanswered")
@since_option
@council_filter
@click.option("--json", "as_json", is_flag=True, help="Print the groups as JSON.")
@click.option("--yaml-stubs", is_flag=True, help="Print `questions:` lines to paste into a topic.")
def unanswered_command(
    since: dt.datetime | None, council: str | None, as_json: bool, yaml_stubs: bool
) -> None:
    """The redacted questions Pathways could not answer well, grouped, most asked first."""
    day = since.date() if since else None
    gaps = _reading(open_store(), lambda store: unanswered(store, day, council))
    if as_json:
        click.echo(json.dumps([g.to_dict() for g in gaps], indent=2))
    elif yaml_stubs:
        click.echo(stubs_of(gaps), nl=False)
    else:
        if not gaps:
            click.echo("Nothing in the queue.")
        for gap in gaps:
            click.echo(f"{gap.count:4}x  {gap.example}   (closest: {gap.closest_topic or 'none'})")
            for text, n in list(gap.questions.items())[1:]:
                click.echo(f"       {n}x {text}")


@click.command(name="review-due")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=60,
    show_default=True,
    help="Include what falls due within this many days.",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option(
    "--knowledge",
    "knowledge_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="PATHWAYS_KNOWLEDGE",
    default=None,
    help="Knowledge folder.",
)
def review_due_command(days: int, as_json: bool, knowledge_dir: Path | None) -> None:
    """Topics and contacts whose review date falls due (contacts without one: a year after
    they were verified)."""
    from bot.assistant import SHIPPED_KNOWLEDGE
    from bot.knowledge import load_knowledge

    root = knowledge_dir or SHIPPED_KNOWLEDGE
    if not root.is_dir():
        raise click.ClickException(f"{root}: no such knowledge directory")
    today = dt.date.today()
    due = due_for_review(load_knowledge(root)[0], today, days)
    if as_json:
        click.echo(json.dumps([d.to_dict(today) for d in due], indent=2))
        return
    for d in due:
        state = "OVERDUE" if d.overdue(today) else "due"
        click.echo(f"{d.due.isoformat()}  {state:7}  {d.kind:7}  {d.id:36}  {d.file}:{d.line}")
    click.echo(f"{len(due)} item(s) due for review by {today + dt.timedelta(days=days)}.")


@click.command(name="purge")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="Keep this many days (default: PATHWAYS_RETENTION_DAYS, 90).",
)
def purge_command(days: int | None) -> None:
    """Delete records older than the retention period (run it daily, e.g. from cron)."""
    config = settings()
    keep = days or config.retention_days
    cutoff = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=keep)
    gone = _reading(Store(config.store_settings().database_url), lambda s: s.purge(cutoff))
    click.echo(
        f"Deleted {gone['questions']} question record(s) and {gone['feedback']} feedback "
        f"record(s) from before {cutoff:%Y-%m-%d %H:00} UTC (keeping {keep} days)."
    )


COMMANDS = (report_command, unanswered_command, review_due_command, purge_command)
