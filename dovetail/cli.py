"""The ``dovetail`` command: demo, serve, worker, generate, import, map-skills, export, redact,
token, lrs-client, credentials, send-reminders, manage."""

import argparse
import json
import os
import sys
from pathlib import Path


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dovetail.settings")
    import django
    from django.conf import settings

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    django.setup()


def _console():
    from rich.console import Console

    return Console(stderr=True)


def _progress_listener(console):
    """A rich progress bar fed by a task's progress callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    task_id = bar.add_task("starting", total=None)

    def listener(done, total, message):
        bar.update(task_id, completed=done, total=total or None, description=message[:50])

    return bar, listener


def _run_task(name, console, **params):
    from dovetail.core.tasks import submit

    bar, listener = _progress_listener(console)
    with bar:
        run = submit(name, backend="inline", listener=listener, raise_errors=True, **params)
    return run.result


def _migrate(console):
    from django.core.management import call_command

    console.print("[bold]Migrating the database…")
    call_command("migrate", interactive=False, verbosity=0)


def _print_logins(console):
    from rich.table import Table

    from dovetail.demo.region import persona_logins

    table = Table(title="Demo logins (one per persona)")
    for column in ("username", "password", "role"):
        table.add_column(column)
    for row in persona_logins():
        table.add_row(row["username"], row["password"], row["role"])
    console.print(table)


def _generate(console, *, size, seed, today=None, fresh=False):
    from django.core.management import call_command

    from dovetail.skills.services import load_default_taxonomy

    if fresh:
        call_command("flush", interactive=False, verbosity=0)
        load_default_taxonomy()
    counts = _run_task("generate_region", console, size=size, seed=seed, today=today)
    for label, count in counts.items():
        console.print(f"  {count:>9,} {label}")


def cmd_demo(args):
    from dovetail.core.models import Organisation

    console = _console()
    _migrate(console)
    if Organisation.objects.exists():
        console.print("The database already holds a region; reusing it.")
    else:
        console.print(f"[bold]Generating the {args.size} demo region…")
        _generate(console, size=args.size, seed=args.seed)
    _print_logins(console)
    if args.no_serve:
        return
    console.print(f"[bold green]Dovetail is at http://127.0.0.1:{args.port}/ (Ctrl-C stops it)")
    os.environ["DOVETAIL_DEMO"] = "1"
    _serve(args.port, "127.0.0.1")


def _serve(port, host):
    from django.core.management import call_command

    call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)


def cmd_serve(args):
    from django.conf import settings
    from gunicorn.app.base import BaseApplication

    from dovetail.core.secrets import MissingSecretKey, require_production_key

    try:
        require_production_key()
    except MissingSecretKey as error:
        raise SystemExit(f"dovetail serve: {error}") from None
    from dovetail.wsgi import application

    workers = args.workers or (2 * (os.cpu_count() or 1) + 1 if settings.REDIS_URL else 1)
    if workers > 1 and not settings.REDIS_URL:
        # progress, rate limits and lock-outs live in the cache, which processes share only
        # through Redis
        raise SystemExit("dovetail serve: more than one worker needs DOVETAIL_REDIS_URL")
    options = {
        "bind": f"{args.host}:{args.port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": args.threads,
        "timeout": 120,
        # longer than a person's pause between clicks, so a kept-alive connection is not closed
        # just as the next request goes out on it
        "keepalive": 10,
        "accesslog": "-" if args.access_log else None,
        "errorlog": "-",
        # several installations (or tests) on one machine would share one control socket
        "control_socket_disable": True,
    }

    class Server(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    Server().run()


def cmd_worker(args):
    from django.conf import settings

    from dovetail.core.worker import app

    if not settings.REDIS_URL:
        raise SystemExit("dovetail worker: set DOVETAIL_REDIS_URL (the Redis the web app uses)")
    concurrency = args.concurrency or os.cpu_count() or 1
    options = ["worker", "--loglevel=INFO", f"--concurrency={concurrency}"]
    if args.beat:
        schedule = Path(settings.DATA_DIR) / "celerybeat-schedule"
        options += ["--beat", f"--schedule={schedule}"]
    app.worker_main(options)


def cmd_send_reminders(args):
    counts = _run_task("send_reminders", _console(), today=args.today or "")
    print(json.dumps(counts))


def cmd_generate(args):
    console = _console()
    _migrate(console)
    _generate(console, size=args.size, seed=args.seed, today=args.today, fresh=args.fresh)
    _print_logins(console)


def _actor(username):
    from django.core.exceptions import ObjectDoesNotExist

    from dovetail.core.models import User

    try:
        return User.objects.get(username=username)
    except ObjectDoesNotExist:
        raise SystemExit(f"dovetail: no person with username {username!r}") from None


def _require_actor(args):
    if not args.as_user:
        raise SystemExit(f"dovetail: {args.command} {args.kind} needs --as USER")
    return _actor(args.as_user)


def cmd_import(args):
    from dovetail.core import services

    path = Path(args.file)
    if args.kind == "organisation":
        _restore_organisation(path)
        return
    by = _require_actor(args)
    if not (path.is_file() or (args.kind == "esco" and path.is_dir())):
        raise SystemExit(f"dovetail: {path}: no such file")
    if args.kind == "esco":
        result = _run_task("import_esco", _console(), path=str(path.resolve()), by_id=by.pk)
        print(
            f"imported ESCO from {path.name}: {result['skills']} skills and groups, "
            f"{result['occupations']} occupations, {result['relations']} occupation–skill relations"
            f" ({result['skipped']} relations naming concepts outside the download skipped)"
        )
        return
    if args.kind == "case" and _is_curriculum(path):
        _import_curriculum(args, path, by)
        return
    if args.kind in ("case", "skills-csv"):
        _import_framework(args, path, by)
        return
    if args.kind == "demand":
        _import_demand(args, path, by)
        return
    content = path.read_bytes()
    if args.kind in ("preferences", "applicant-ranks"):
        _import_into_round(args, path, content, by)
        return
    if args.kind == "organisations":
        result = services.import_organisations(path.name, content, by=by)
    else:
        result = _run_task(
            "import_people", _console(), file_name=path.name, path=str(path), by_id=by.pk
        )
    created, updated = result["created"], result["updated"]
    print(f"imported {args.kind} from {path.name}: {created} created, {updated} updated")


def cmd_map_skills(args):
    import json

    from dovetail.skills.mapping import map_texts
    from dovetail.skills.models import Taxonomy

    taxonomy = Taxonomy.objects.filter(slug=args.taxonomy).first() if args.taxonomy else None
    if args.taxonomy and taxonomy is None:
        loaded = ", ".join(Taxonomy.objects.values_list("slug", flat=True))
        raise SystemExit(f"dovetail: no taxonomy {args.taxonomy!r} (loaded: {loaded})")
    if args.file == "-":
        lines = sys.stdin.read().splitlines()
    else:
        path = Path(args.file)
        if not path.is_file():
            raise SystemExit(f"dovetail: {path}: no such file")
        lines = path.read_text(encoding="utf-8").splitlines()
    bar, listener = _progress_listener(_console())
    with bar:
        results = map_texts(
            lines,
            taxonomy,
            top=args.top,
            min_score=args.min_score,
            progress=lambda done, total: listener(done, total, "mapping"),
        )
    for matches in results:
        shown = [{k: m[k] for k in ("uri", "label", "score", "span")} for m in matches]
        print(json.dumps(shown, ensure_ascii=False))


def _import_demand(args, path, by):
    from dovetail.skills.demand import enterprise_by_code

    if not args.enterprise:
        raise SystemExit("dovetail: --enterprise CODE is required for demand")
    enterprise = enterprise_by_code(by, args.enterprise)
    result = _run_task(
        "import_demands",
        _console(),
        enterprise_id=enterprise.pk,
        file_name=path.name,
        path=str(path.resolve()),
        by_id=by.pk,
    )
    print(
        f"imported demand from {path.name}: {result['created']} created, "
        f"{result['updated']} updated, {result['mapped']} mapped"
    )


def _is_curriculum(path) -> bool:
    from dovetail.curriculum.case_package import is_curriculum_package

    return path.suffix.lower() == ".csv" or is_curriculum_package(path.read_bytes())


def _college_of(by, code):
    from dovetail.core.models import Organisation
    from dovetail.core.permissions import COLLEGE_STAFF, actor_for

    colleges = Organisation.objects.filter(pk__in=actor_for(by).organisations_with(COLLEGE_STAFF))
    if code:
        colleges = colleges.filter(code=code)
    college = colleges.order_by("pk").first()
    if college is None:
        raise SystemExit(f"dovetail: {by.username} is not on the staff of that college")
    return college


def _import_curriculum(args, path, by):
    from dovetail.curriculum import case_package
    from dovetail.curriculum.models import Programme

    college = _college_of(by, args.college)
    content = path.read_bytes()
    if path.suffix.lower() == ".csv":
        programme = Programme.objects.filter(college=college, code=args.programme).first()
        if programme is None:
            raise SystemExit("dovetail: --programme CODE names the programme a CSV goes into")
        data = case_package.parse_csv(path.name, content, programme)
    else:
        data = case_package.parse_package(path.name, content)
    result = case_package.save(data, college, by=by)
    print(
        f"imported {path.name} into {result['programme'].code} at {college.code}: "
        f"{result['modules']} modules, {result['outcomes']} learning outcomes"
    )


def _import_framework(args, path, by):
    options = {"slug": args.taxonomy} if args.taxonomy else {}
    if args.kind == "skills-csv":
        if not args.taxonomy:
            raise SystemExit("dovetail: --taxonomy SLUG is required for a skills CSV")
        options["title"] = args.name or args.taxonomy
    result = _run_task(
        "import_framework",
        _console(),
        kind="case" if args.kind == "case" else "csv",
        path=str(path.resolve()),
        by_id=by.pk,
        **options,
    )
    print(
        f"imported {args.kind} from {path.name} into taxonomy {result['taxonomy']}: "
        f"{result['skills']} skills, {result['crosswalks']} crosswalks"
        f" ({result['unmatched']} matches naming skills not loaded here)"
    )


def _import_into_round(args, path, content, by):
    from dovetail.core.permissions import access
    from dovetail.placements import services as placements
    from dovetail.placements.models import Round

    if args.round is None:
        raise SystemExit("dovetail: --round is required for preferences and applicant ranks")
    round_ = access(by, Round, args.round)
    importer = (
        placements.import_preferences
        if args.kind == "preferences"
        else placements.import_applicant_ranks
    )
    print(f"imported {args.kind} from {path.name}: {importer(round_, path.name, content, by=by)}")


def _back_up_organisation(args):
    from dovetail.core.backup import export_organisation
    from dovetail.core.models import Organisation

    organisation = Organisation.objects.filter(code=args.programme).first()
    if organisation is None:
        raise SystemExit(f"dovetail: no organisation {args.programme!r}")
    if args.output is None:
        counts = export_organisation(organisation, sys.stdout)
    else:
        with open(args.output, "w", encoding="utf-8") as out:
            counts = export_organisation(organisation, out)
    rows = sum(counts.values()) - counts["files"]
    print(
        f"backed up {organisation.code}: {rows:,} rows of {len(counts) - 1} kinds, "
        f"{counts['files']} files",
        file=sys.stderr,
    )


def _restore_organisation(path: Path):
    from dovetail.core.backup import import_organisation

    if not path.is_file():
        raise SystemExit(f"dovetail: {path}: no such file")
    with path.open(encoding="utf-8") as stream:
        counts = import_organisation(stream, name=path.name)
    rows = sum(counts.values()) - counts.get("files", 0)
    print(f"restored {rows:,} rows and {counts.get('files', 0)} files from {path.name}")


def cmd_export(args):
    from dovetail.core.services import export_table
    from dovetail.core.tabular import write_table

    if args.kind == "organisation":
        _back_up_organisation(args)
        return
    if args.kind == "case":
        _export_curriculum(args)
        return
    columns, rows = export_table(args.kind, by=_require_actor(args))
    data = write_table(args.output, columns, rows)
    if args.output is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        print(f"wrote {len(rows)} {args.kind} to {args.output}", file=sys.stderr)


def _export_curriculum(args):
    from dovetail.core.permissions import access
    from dovetail.curriculum import case_package
    from dovetail.curriculum.models import Programme

    by = _require_actor(args)
    if not args.programme or not args.output:
        raise SystemExit("dovetail: export case PROGRAMME --out FILE")
    programmes = Programme.objects.filter(code=args.programme)
    if args.college:
        programmes = programmes.filter(college__code=args.college)
    found = programmes.order_by("pk").first()
    if found is None:
        raise SystemExit(f"dovetail: no programme {args.programme!r}")
    programme = access(by, Programme, found.pk)
    path = Path(args.output)
    if path.suffix.lower() == ".csv":
        path.write_bytes(case_package.export_csv(programme))
    else:
        package = case_package.export_package(programme)
        path.write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {programme.code} to {path}", file=sys.stderr)


def cmd_token(args):
    from dovetail.core.services import create_api_token

    print(create_api_token(_actor(args.user), name=args.name))


def cmd_lrs_client(args):
    from dovetail.core.errors import ServiceError
    from dovetail.core.models import Organisation
    from dovetail.lrs import services

    if args.organisation:
        organisation = Organisation.objects.filter(code=args.organisation).first()
        if organisation is None:
            raise ServiceError(f"no organisation with code {args.organisation!r}")
    else:
        organisation = services.default_organisation()
    client, secret = services.create_client(organisation, args.name, scopes=args.scope or None)
    print(f"LRS client {client.name!r} for {organisation.code}; endpoint /xapi/, HTTP Basic:")
    print(f"{client.key} {secret}")


def cmd_redact(args):
    """One document a line in, one JSON object a line out: the redacted text and its spans."""
    from dovetail.core.errors import ServiceError
    from dovetail.partnerships import case_library
    from dovetail.partnerships.models import Partnership

    policy = case_library.default_policy()
    if args.partnership is not None:
        partnership = Partnership.objects.filter(pk=args.partnership).first()
        if partnership is None:
            raise ServiceError(f"no partnership with id {args.partnership}")
        policy = case_library.policy_for(partnership)
    stream = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8")  # noqa: SIM115
    with stream:
        for line in stream:
            document = line.rstrip("\n")
            result = case_library.redacted(document, policy)
            print(json.dumps(result, ensure_ascii=False), flush=True)


def cmd_credentials_sample(args):
    from dovetail.credentials.samples import write_sample

    written = write_sample(
        Path(args.out), count=args.count, tampered=args.tampered, revoked=args.revoked
    )
    print(f"wrote {len(written)} credentials and the did:web issuer's DID document to {args.out}")


def cmd_credentials_verify(args):
    from dovetail.credentials import verification

    path = Path(args.file)
    did = Path(args.did_doc) if args.did_doc else None
    document, verdict = verification.check_upload(
        path.name,
        path.read_bytes(),
        did_name=did.name if did else "",
        did_content=did.read_bytes() if did else b"",
    )
    print(
        json.dumps(
            {
                "file": str(path),
                "state": verdict.state,
                "reasons": [str(r) for r in verdict.reasons],
                "notes": [str(n) for n in verdict.notes],
            },
            ensure_ascii=False,
        )
    )
    if not verdict.valid:
        raise SystemExit(1)


def cmd_careers_send_surveys(args):
    from datetime import date

    from dovetail.careers import surveys
    from dovetail.core.models import Organisation

    today = date.fromisoformat(args.today) if args.today else None
    colleges = Organisation.objects.filter(kind=Organisation.Kind.COLLEGE)
    if args.college:
        colleges = colleges.filter(code=args.college)
    total = 0
    for college in colleges:
        sent = surveys.send_due(college, today=today)
        total += sent
        if sent:
            print(f"{college.code}: {sent} follow-up survey invitations sent")
    print(f"{total} invitations sent")


def cmd_manage(args):
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dovetail manage", *args.rest])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dovetail",
        description="Dovetail: industry-education integration for vocational education.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo", help="migrate, generate the demo region if empty, print logins, serve"
    )
    demo.add_argument("--size", choices=["small", "medium", "large"], default="small")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument(
        "--no-serve", action="store_true", help="prepare the demo but do not serve it"
    )
    demo.set_defaults(handler=cmd_demo)

    serve = commands.add_parser("serve", help="serve the web app in production (gunicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        help="web processes (default: 2 × cores + 1 with DOVETAIL_REDIS_URL, else 1)",
    )
    serve.add_argument("--threads", type=int, default=4, help="threads per process (default 4)")
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.set_defaults(handler=cmd_serve)

    worker = commands.add_parser(
        "worker", help="run long work (imports, rounds, solves, reports) for the web app"
    )
    worker.add_argument("--concurrency", type=int, help="tasks at once (default: cores)")
    worker.add_argument(
        "--beat",
        action="store_true",
        help="also send the daily reminders (run this on exactly one worker)",
    )
    worker.set_defaults(handler=cmd_worker)

    reminders = commands.add_parser(
        "send-reminders",
        help="send the reminders due today (diary weeks to sign off, lapsing clearances)",
    )
    reminders.add_argument("--today", help="the date to act as (YYYY-MM-DD)")
    reminders.set_defaults(handler=cmd_send_reminders)

    generate = commands.add_parser(
        "generate", help="generate a demo region (deterministic from a seed)"
    )
    generate.add_argument("--size", choices=["small", "medium", "large"], default="small")
    generate.add_argument("--seed", type=int, default=2026)
    generate.add_argument("--today", help="the date the region is built around (YYYY-MM-DD)")
    generate.add_argument("--fresh", action="store_true", help="empty the database first")
    generate.set_defaults(handler=cmd_generate)

    importer = commands.add_parser(
        "import",
        help=(
            "import organisations, people, a round's rankings, enterprise demand or a skills "
            "framework (CSV/.xlsx/JSON), ESCO (folder/zip) or a CASE 1.0 package (JSON)"
        ),
    )
    importer.add_argument(
        "kind",
        choices=[
            "organisations",
            "people",
            "preferences",
            "applicant-ranks",
            "esco",
            "case",
            "skills-csv",
            "demand",
            "organisation",
        ],
    )
    importer.add_argument("file")
    importer.add_argument("--round", type=int, help="matching round id (for rankings)")
    importer.add_argument("--taxonomy", help="taxonomy slug (skills-csv; overrides a CASE id)")
    importer.add_argument("--name", help="taxonomy name (skills-csv)")
    importer.add_argument("--enterprise", help="enterprise code (demand)")
    importer.add_argument("--college", help="college code (a curriculum CASE package or CSV)")
    importer.add_argument("--programme", help="programme code (a curriculum CSV)")
    importer.add_argument(
        "--as",
        dest="as_user",
        help="username acting (permissions apply); restoring a backup is the server operator's",
    )
    importer.set_defaults(handler=cmd_import)

    mapper = commands.add_parser(
        "map-skills",
        help="map text onto a skills taxonomy: one text a line in, one JSON list a line out",
    )
    mapper.add_argument("file", help="a text file, one text per line, or - for standard input")
    mapper.add_argument("--taxonomy", help="taxonomy slug (default: ESCO if loaded)")
    mapper.add_argument("--top", type=int, default=10, help="skills per line (default 10)")
    mapper.add_argument(
        "--min-score", type=float, default=0.0, help="leave out weaker matches (e.g. 0.95)"
    )
    mapper.set_defaults(handler=cmd_map_skills)

    exporter = commands.add_parser(
        "export",
        help="export a list as CSV (stdout) or CSV/.xlsx (-o), a programme as CASE, or back up "
        "a whole organisation",
    )
    exporter.add_argument(
        "kind", choices=["organisations", "people", "learners", "case", "organisation"]
    )
    exporter.add_argument(
        "programme",
        nargs="?",
        metavar="CODE",
        help="programme code (case) or organisation code (organisation)",
    )
    exporter.add_argument(
        "-o", "--output", "--out", help="file to write; .xlsx for Excel, .json or .csv for case"
    )
    exporter.add_argument("--college", help="college code, if programme codes repeat (case)")
    exporter.add_argument(
        "--as",
        dest="as_user",
        help="username acting (permissions apply); a backup is the server operator's",
    )
    exporter.set_defaults(handler=cmd_export)

    token = commands.add_parser("token", help="create a personal API token (printed once)")
    token.add_argument("--user", required=True)
    token.add_argument("--name", default="cli")
    token.set_defaults(handler=cmd_token)

    lrs_client = commands.add_parser("lrs-client", help="manage xAPI LRS clients")
    lrs_actions = lrs_client.add_subparsers(dest="action", required=True, metavar="ACTION")
    lrs_create = lrs_actions.add_parser(
        "create", help="create a client; prints KEY SECRET as the last line"
    )
    lrs_create.add_argument("--name", required=True)
    lrs_create.add_argument("--organisation", help="organisation code (default: the first college)")
    lrs_create.add_argument(
        "--scope", action="append", help="an xAPI scope (repeatable; default: all)"
    )
    lrs_create.set_defaults(handler=cmd_lrs_client)

    redactor = commands.add_parser(
        "redact",
        help="redact personal data and confidential material, one document a line (JSON out)",
    )
    redactor.add_argument("file", help="a UTF-8 text file, or - for standard input")
    redactor.add_argument(
        "--partnership", type=int, help="also redact this partnership's confidential terms"
    )
    redactor.set_defaults(handler=cmd_redact)

    credentials = commands.add_parser("credentials", help="Open Badges 3.0 credentials")
    credential_actions = credentials.add_subparsers(dest="action", required=True)
    sample = credential_actions.add_parser(
        "sample",
        help="write sample credentials from a did:key and a did:web issuer (with did-*.json)",
    )
    sample.add_argument("--out", required=True, help="folder to write into")
    sample.add_argument("--count", type=int, default=12)
    sample.add_argument(
        "--revoked", type=int, default=0, help="also write this many revoked (their bit set)"
    )
    sample.add_argument(
        "--tampered", type=int, default=0, help="also write this many changed after signing"
    )
    sample.set_defaults(handler=cmd_credentials_sample)
    check = credential_actions.add_parser(
        "verify",
        help="check a credential: proof, dates and status (one JSON line; exit 1 if not valid)",
    )
    check.add_argument("file", help="the credential, JSON")
    check.add_argument("--did-doc", help="the issuer's DID document, for a did:web issuer")
    check.set_defaults(handler=cmd_credentials_verify)

    careers = commands.add_parser("careers", help="graduate careers")
    career_actions = careers.add_subparsers(dest="action", required=True)
    send = career_actions.add_parser(
        "send-surveys", help="send the follow-up surveys now due (run daily, e.g. from cron)"
    )
    send.add_argument("--college", help="only this college (code)")
    send.add_argument("--today", help="as of this date (YYYY-MM-DD)")
    send.set_defaults(handler=cmd_careers_send_surveys)

    manage = commands.add_parser(
        "manage", help="run a Django management command (migrate, shell, …)"
    )
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=cmd_manage)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    _setup_django()
    from dovetail.core.errors import ServiceError

    try:
        args.handler(args)
    except ServiceError as error:
        print(f"dovetail: {error.message}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
