"""`pathways`: the command line. Each command is one core call and its rendering."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from bot import Assistant, BotError, KnowledgeError, UnknownCouncilError
from bot.assistant import DEFAULT_COUNCIL, SHIPPED_KNOWLEDGE
from bot.errors import Problem
from bot.evaluate import evaluate, read_cases
from bot.json_schema import rendered, schemas
from bot.knowledge import load_knowledge
from bot.messages import API_ERRORS, MAX_QUESTION, ROLES
from bot.model import Knowledge
from bot.redact_corpus import read_corpus as read_redaction_corpus
from bot.reply import Reply
from bot.scaffold import pack_yaml
from bot.schema import ID_PATTERN
from bot.sentence_vectors import SentenceModelError, verify_weights
from bot.topic_corpus import read_phrasings
from bot.train import MODELS
from bot.urgency_corpus import read_corpus
from bot.validate import production as unapproved
from bot.validate import validate
from curator import Usage, open_usage

knowledge_option = click.option(
    "--knowledge",
    "knowledge_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="PATHWAYS_KNOWLEDGE",
    default=None,
    help="Knowledge folder (default: the shipped one).",
)
council_option = click.option(
    "--council", default=None, envvar="PATHWAYS_COUNCIL", help="Council pack (default: chorley)."
)
role_option = click.option("--role", type=click.Choice(ROLES), default=None, help="Who is asking.")


def _load(knowledge_dir: Path | None, council: str | None) -> Assistant:
    try:
        return Assistant.load(knowledge_dir, council=council or DEFAULT_COUNCIL)
    except KnowledgeError as exc:
        raise click.ClickException(str(exc)) from exc
    except BotError as exc:
        raise click.ClickException(str(exc)) from exc


def _ask(
    assistant: Assistant,
    question: str,
    role: str | None,
    council: str | None,
    usage: Usage | None = None,
) -> Reply:
    if not question.strip():
        raise click.UsageError(API_ERRORS["empty_question"])
    try:
        reply = assistant.ask(question, role=role, council=council)
    except BotError as exc:
        raise click.ClickException(str(exc)) from exc
    if len(question.strip()) > MAX_QUESTION and not reply.urgent:
        # refused as the API refuses it; the core read it whole, so an emergency still leads
        limit = API_ERRORS["question_too_long"].format(limit=f"{MAX_QUESTION:,}")
        raise click.UsageError(f"{limit} If a child is in immediate danger, call 999 now.")
    if usage is not None:
        usage.asked(reply, question, "cli", role)
    return reply


def _usage() -> Usage:
    """Questions asked at the command line are recorded like any other (PATHWAYS_STORE)."""
    from adapters.curator_cli import settings

    return open_usage(settings().store_settings())


@click.group()
@click.version_option(package_name="pathways")
def main() -> None:
    """Pathways: reviewed answers on acting against child sexual exploitation.

    If a child is in immediate danger, call 999.
    """


@main.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the reply as JSON.")
@council_option
@role_option
@knowledge_option
def ask(
    question: str, as_json: bool, council: str | None, role: str | None, knowledge_dir: Path | None
) -> None:
    """Answer one QUESTION."""
    assistant = _load(knowledge_dir, council)
    usage = _usage()
    reply = _ask(assistant, question, role, council, usage)
    click.echo(json.dumps(reply.to_dict(), indent=2) if as_json else reply.to_text())
    usage.close()


@main.command()
@council_option
@role_option
@knowledge_option
def chat(council: str | None, role: str | None, knowledge_dir: Path | None) -> None:
    """Ask questions interactively (Ctrl-D to leave)."""
    assistant = _load(knowledge_dir, council)
    pack = assistant.pack(council)
    click.echo(f"Pathways for {pack.name}. If a child is in immediate danger, call 999.")
    click.echo("Ask a question, or type a suggestion's number; Ctrl-D to leave.\n")
    offered: list[str] = []  # the last reply's suggestions and related topics, numbered
    usage = _usage()
    while True:
        try:
            question = input("you> ")
        except (EOFError, KeyboardInterrupt):
            click.echo("")
            usage.close()
            return
        if not question.strip():
            continue
        picked = question.strip()
        chosen = (
            offered[int(picked) - 1]
            if picked.isdigit() and 0 < int(picked) <= len(offered)
            else None
        )
        try:
            reply = (chosen and assistant.topic_reply(chosen, council)) or _ask(
                assistant, question, role, council, usage
            )
        except click.UsageError as exc:  # an over-long message: say so and keep the chat
            click.echo(f"\n{exc.message}\n")
            continue
        offered = [s.id for s in (*reply.suggestions, *reply.related)]
        click.echo("\n" + reply.to_text(numbered=True) + "\n")


@main.command()
@click.option("--strict", is_flag=True, help="Treat warnings (reviews overdue) as errors.")
@click.option(
    "--production",
    is_flag=True,
    help="Also fail on anything a council has not approved: drafts and placeholder contacts.",
)
@click.option("--quiet", "-q", is_flag=True, help="List errors only, then the summary.")
@council_option
@knowledge_option
def check(
    strict: bool, production: bool, quiet: bool, council: str | None, knowledge_dir: Path | None
) -> None:
    """Validate the knowledge base: prints file:line: field: message for each problem."""
    root = knowledge_dir or SHIPPED_KNOWLEDGE
    if not root.is_dir():
        raise click.ClickException(f"{root}: no such knowledge directory")
    knowledge, problems = load_knowledge(root)
    problems = problems + validate(knowledge, problems) + read_corpus(root)[1]
    problems += read_redaction_corpus(root)[1]
    problems += _sentence_model(knowledge)
    if production:
        problems += [
            Problem(p.file, p.line, p.field, f"not ready for production: {p.message}")
            for p in unapproved(knowledge)
        ]
    topic_ids = {i for t in knowledge.all_topics() for i in (t.id, *t.aliases)}
    problems += read_phrasings(root, topic_ids, set(knowledge.packs))[1]
    if council:
        if council not in knowledge.packs:
            raise click.ClickException(str(UnknownCouncilError(council, sorted(knowledge.packs))))
        problems = [p for p in problems if _concerns(p, council)]
    errors = [p for p in problems if p.severity == "error" or (strict and p.severity == "warning")]
    for problem in problems:
        if problem in errors or not quiet:
            click.echo(str(problem), err=problem in errors)
    topics = len(knowledge.all_topics())
    placeholders = sum(p.severity == "placeholder" for p in problems)
    click.echo(
        f"{topics} topics, {len(knowledge.packs)} council pack(s), version {knowledge.version}: "
        f"{len(errors)} error(s), {sum(p.severity == 'warning' for p in problems)} warning(s), "
        f"{placeholders} placeholder contact(s) to fill in."
    )
    if errors:
        sys.exit(1)


def _sentence_model(knowledge: Knowledge) -> list[Problem]:
    """The sentence model's weights hashed in full against the official release (start-up
    checks only their size; `make run` runs this check first)."""
    model = knowledge.topic_model
    if model is None or not model.wants_vectors:
        return []
    try:
        verify_weights()
    except SentenceModelError as exc:
        return [Problem(model.path, 1, "model", str(exc))]
    return []


def _concerns(problem: Problem, council: str) -> bool:
    """Problems in core files or in this council's pack."""
    return "/councils/" not in problem.file or f"/councils/{council}/" in problem.file


@main.command()
@click.option(
    "--only",
    type=click.Choice(MODELS),
    default=None,
    help="Rebuild one model only (default: all three).",
)
@knowledge_option
def train(only: str | None, knowledge_dir: Path | None) -> None:
    """Rebuild the learned models from their corpora (seeded, reproducible).

    The urgency model (urgency/model.json), the topic ranker (training/model.npz) and the
    redaction tagger (redaction/tagger.npz). Each is validated across authors (train on all
    but one, judge on that one), and its thresholds are chosen on those unseen authors."""
    from bot.train import train_all

    root = knowledge_dir or SHIPPED_KNOWLEDGE
    if not root.is_dir():
        raise click.ClickException(f"{root}: no such knowledge directory")
    try:
        lines = train_all(root, report=lambda line: click.echo(line, err=True), only=only)
    except KnowledgeError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in lines:
        click.echo(line)


@main.command()
@council_option
@knowledge_option
def topics(council: str | None, knowledge_dir: Path | None) -> None:
    """List the topics Pathways can answer."""
    assistant = _load(knowledge_dir, council)
    for topic in sorted(assistant.topics(council), key=lambda t: (t.category, t.id)):
        click.echo(f"{topic.category:16} {topic.id:36} {topic.title}")
        for alias in topic.aliases:  # an old id still answers: say which topic it became
            click.echo(f"{'':16} {alias:36} (merged into {topic.id})")


@main.command()
@click.option("--host", default=None, help="Address to listen on (default: 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port to listen on (default: 8000).")
@click.option("--workers", type=int, default=None, help="gunicorn worker processes (default: 2).")
@council_option
@knowledge_option
def serve(
    host: str | None,
    port: int | None,
    workers: int | None,
    council: str | None,
    knowledge_dir: Path | None,
) -> None:
    """Run the web service, chat page and widget under gunicorn (settings: PATHWAYS_*)."""
    from adapters.web.config import ConfigError
    from adapters.web.serve import build, url

    given = dict(HOST=host, PORT=port, WORKERS=workers, COUNCIL=council, KNOWLEDGE=knowledge_dir)
    try:
        server, config = build(given)
    except (ConfigError, BotError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Pathways is serving {url(config)} (widget: {url(config)}widget.js). Ctrl-C stops.")
    server.run()


@main.command(name="reload")
@click.option("--port", type=int, default=None, help="Port of the running service (default: 8000).")
@council_option
@knowledge_option
def reload_command(port: int | None, council: str | None, knowledge_dir: Path | None) -> None:
    """Check the knowledge on disk, then have the running `pathways serve` on PORT load it
    without downtime (SIGHUP to its master). Invalid knowledge is refused here, and again
    by the service, which then keeps serving what it had."""
    import os
    import signal

    from adapters.web.config import ConfigError, load_config
    from adapters.web.serve import pidfile

    try:
        config = load_config(dict(PORT=port, COUNCIL=council, KNOWLEDGE=knowledge_dir))
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    assistant = _load(config.knowledge, config.council)
    path = pidfile(config.port)
    try:
        pid = int(path.read_text().strip())
        os.kill(pid, signal.SIGHUP)
    except (OSError, ValueError) as exc:
        raise click.ClickException(
            f"no running `pathways serve` on port {config.port} ({path}: {exc})"
        ) from exc
    click.echo(f"Asked the service on port {config.port} to load knowledge {assistant.version}.")


@main.command(name="eval")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--misses", is_flag=True, help="List every case answered wrongly.")
@knowledge_option
def eval_command(
    files: tuple[Path, ...], as_json: bool, misses: bool, knowledge_dir: Path | None
) -> None:
    """Score answers against evaluation FILES (top-1, top-3, urgency, out-of-scope, latency)."""
    assistant = _load(knowledge_dir, None)
    try:
        cases = [case for path in files for case in read_cases(path)]
    except BotError as exc:
        raise click.ClickException(str(exc)) from exc
    report = evaluate(assistant, cases)
    summary = report.summary()
    if as_json:
        if misses:
            summary["misses"] = [_miss(o) for o in report.misses()]
        click.echo(json.dumps(summary, indent=2))
        return
    click.echo(_format_summary(summary))
    if misses:
        for outcome in report.misses():
            m = _miss(outcome)
            click.echo(
                f"- {m['q']!r}\n    expected {m['expected']}, got {m['got']} "
                f"(confidence {m['confidence']}, urgency {m['urgency']})"
            )


def _miss(outcome: object) -> dict[str, object]:
    o = outcome  # an evaluate.Outcome
    return {
        "q": o.case.question,
        "expected": list(o.case.expect),
        "got": o.got,  # type: ignore[attr-defined]
        "suggestions": [s.id for s in o.reply.suggestions],  # type: ignore[attr-defined]
        "confidence": o.reply.confidence,
        "urgent": o.reply.urgent,  # type: ignore[attr-defined]
        "urgency": o.reply.urgency.level,  # type: ignore[attr-defined]
    }


def _format_summary(s: dict[str, object]) -> str:
    def pct(v: object) -> str:
        return "n/a" if v is None else f"{float(v):.3f}"  # type: ignore[arg-type]

    lines = [
        f"cases evaluated        {s['cases']}",
        f"top-1 accuracy         {pct(s['top1'])}",
        f"top-3 accuracy         {pct(s['top3'])}",
        f"urgent recall          {pct(s['urgent_recall'])}",
        f"urgent precision       {pct(s['urgent_precision'])}",
        f"urgent or 'possible'   {pct(s['urgent_or_possible_recall'])} of urgent cases",
        f"'possible' line shown  {pct(s['possible_line_on_calm'])} of calm cases",
        f"out-of-scope answered  {pct(s['out_of_scope_answered'])}",
        f"latency p50 / p99 ms   {s['p50_ms']} / {s['p99_ms']}",
        "per category:",
    ]
    lines += [f"  {k:22} {pct(v)}" for k, v in s["per_category"].items()]  # type: ignore[attr-defined]
    if s["skipped"]:
        lines.append(
            f"skipped {s['skipped']} case(s) for council pack(s) not installed: "
            f"{', '.join(s['skipped_councils'])}"  # type: ignore[arg-type]
        )
    return "\n".join(lines)


@main.command(name="schema")
@click.option("--write", is_flag=True, help="Write the schemas into schemas/ (else compare).")
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the JSON Schemas live (default: schemas/ beside the shipped knowledge).",
)
def schema_command(write: bool, folder: Path | None) -> None:
    """JSON Schemas of the knowledge files, for editors: made from the validator's rules."""
    folder = folder or SHIPPED_KNOWLEDGE.parent / "schemas"
    stale = []
    for name, body in schemas().items():
        path, text = folder / name, rendered(body)
        if write:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            click.echo(f"wrote {path}")
        elif not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(str(path))
    if stale:
        click.echo("out of date (run `pathways schema --write`): " + ", ".join(stale), err=True)
        sys.exit(1)
    if not write:
        click.echo(f"{len(schemas())} schemas in {folder} match the validator")


@main.command(name="new-pack")
@click.argument("name")
@knowledge_option
def new_pack(name: str, knowledge_dir: Path | None) -> None:
    """Scaffold a council pack NAME to fill in (then: pathways check --council NAME)."""
    root = knowledge_dir or SHIPPED_KNOWLEDGE
    if not root.is_dir():
        raise click.ClickException(f"{root}: no such knowledge directory")
    if not ID_PATTERN.match(name):
        raise click.ClickException(
            f"'{name}' must be a lowercase-kebab name such as 'exampleshire'"
        )
    target = root / "councils" / name
    if target.exists():
        raise click.ClickException(f"{target} already exists: edit it, or choose another name")
    knowledge, _ = load_knowledge(root)
    target.mkdir(parents=True)
    (target / "pack.yaml").write_text(pack_yaml(name, knowledge), encoding="utf-8")
    click.echo(f"Created {target / 'pack.yaml'}.")
    click.echo(f"Fill in every TODO, then run: pathways check --council {name}")


@main.command(name="slack")
@click.option("--socket", "socket_mode", is_flag=True, help="Connect out over Socket Mode.")
@council_option
@knowledge_option
def slack_command(socket_mode: bool, council: str | None, knowledge_dir: Path | None) -> None:
    """Answer on Slack over Socket Mode, for networks that take no inbound HTTP (settings:
    SLACK_BOT_TOKEN, SLACK_APP_TOKEN). HTTP mode is /slack/events in `pathways serve`."""
    from adapters import slack
    from adapters.web.config import ConfigError

    if not socket_mode:
        raise click.UsageError("add --socket (HTTP mode runs in `pathways serve`)")
    assistant = _load(knowledge_dir, council)
    try:
        connection = slack.socket_mode(assistant, slack.load_settings(), _usage())
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("Connecting to Slack over Socket Mode. Ctrl-C stops.")
    connection.start()  # type: ignore[no-untyped-call]


from adapters.curator_cli import COMMANDS  # noqa: E402  (they import nothing from here)

for command in COMMANDS:
    main.add_command(command)

if __name__ == "__main__":
    main()
