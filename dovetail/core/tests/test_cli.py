"""The dovetail command: help on every subcommand, imports that explain themselves."""

import json

import pytest

from dovetail.cli import build_parser, main
from dovetail.core.models import User

SUBCOMMANDS = [
    "demo",
    "serve",
    "generate",
    "import",
    "map-skills",
    "export",
    "redact",
    "token",
    "lrs-client",
    "credentials",
    "careers",
    "manage",
]


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit:
        build_parser().parse_args([command, "--help"])
    assert exit.value.code == 0
    assert "usage: dovetail " + command in capsys.readouterr().out


def test_import_with_a_bad_row_exits_with_the_row_and_writes_nothing(tmp_path, capsys, db):
    path = tmp_path / "people.csv"
    path.write_text(
        "username,full_name,organisation,role\nok,OK,college-001,teacher\nbad,Bad,nowhere,teacher\n"
    )
    before = User.objects.count()
    with pytest.raises(SystemExit) as exit:
        main(["import", "people", str(path), "--as", "coordinator"])
    assert exit.value.code == 2
    assert "people.csv, row 3, column 'organisation'" in capsys.readouterr().err
    assert User.objects.count() == before


def test_import_and_export_round_trip(tmp_path, capsys, db):
    path = tmp_path / "people.csv"
    path.write_text(
        "username,full_name,organisation,role\ncli.teacher,CLI Teacher,college-001,teacher\n"
    )
    main(["import", "people", str(path), "--as", "coordinator"])
    assert "1 created" in capsys.readouterr().out
    main(["export", "people", "--as", "coordinator"])
    assert "cli.teacher,CLI Teacher,,college-001,teacher" in capsys.readouterr().out


def test_token_command_prints_a_working_token(capsys, client, db):
    main(["token", "--user", "officer"])
    token = capsys.readouterr().out.strip()
    assert (
        client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()["username"] == "officer"
    )


def test_unknown_acting_person_is_named(db):
    with pytest.raises(SystemExit) as exit:
        main(["export", "learners", "--as", "nobody"])
    assert "no person with username 'nobody'" in str(exit.value.code)


def test_import_preferences_into_a_round(tmp_path, capsys, db):
    from dovetail.placements.models import Round

    round_ = Round.objects.get(college__code="college-001", status="open")
    offer = round_.offers.first()
    path = tmp_path / "prefs.csv"
    path.write_text(f"learner,offer,rank\nlearner,{offer.pk},1\n")
    main(["import", "preferences", str(path), "--round", str(round_.pk), "--as", "coordinator"])
    assert "'preferences': 1" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit:
        main(["import", "preferences", str(path), "--as", "coordinator"])
    assert "--round is required" in str(exit.value.code)


def test_redact_prints_one_json_object_a_line_with_the_agreements_terms(
    tmp_path, capsys, agreement
):
    from dovetail.partnerships.models import ConfidentialTerm

    ConfidentialTerm.objects.create(agreement=agreement, term="film tension")
    path = tmp_path / "cases.txt"
    path.write_text("Film tension was 42 N.\n联系人：张伟，电话13912345678\n", encoding="utf-8")
    main(["redact", "--partnership", str(agreement.partnership_id), str(path)])
    first, second = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert first["text"] == "[PARAMETER 1] was [NUMBER 1]."
    assert [span["kind"] for span in second["spans"]] == ["person", "phone"]
    assert second["spans"][0] == {"start": 4, "end": 6, "kind": "person", "original": "张伟"}


def test_redact_names_an_unknown_partnership(tmp_path, capsys, db):
    path = tmp_path / "cases.txt"
    path.write_text("x\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["redact", "--partnership", "999999", str(path)])
    assert "no partnership with id 999999" in capsys.readouterr().err
