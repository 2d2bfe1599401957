"""Modules and outcomes out as CASE 1.0 (JSON) or CSV and back in, with nothing lost; a bad
item or row is named and nothing is written."""

import csv
import io
import json

import pytest
from django.core.exceptions import PermissionDenied

from dovetail.cli import main
from dovetail.core.errors import ServiceError
from dovetail.curriculum import case_package
from dovetail.curriculum.models import Module, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(persona):
    programme = persona("learner").learner_profile.programme
    module = programme.modules.order_by("pk").first()
    module.performance_indicators = "Cell commissioned in 4 hours\n0 safety findings"
    module.assessment_methods = "Practical, co-assessed"
    module.delivery_mode = "virtual"
    module.save()
    return programme


@pytest.fixture
def elsewhere(other_college):
    # the other college's coordinator imports into their own college
    return other_college


def comparable(data):
    """The programme data without what differs between installations by nature."""
    return [
        (
            m.code,
            m.name,
            m.name_zh,
            str(m.credits),
            m.hours,
            m.semester,
            m.delivery_mode,
            m.performance_indicators,
            m.assessment_methods,
            [(o.text, o.proficiency, o.since, o.skills) for o in m.outcomes],
        )
        for m in data.modules
    ]


def test_a_case_package_round_trips_with_nothing_lost(programme, elsewhere):
    package = json.dumps(case_package.export_package(programme)).encode()
    parsed = case_package.parse_package("p.json", package)
    result = case_package.save(parsed, elsewhere["college"], by=elsewhere["coordinator"])
    copied = result["programme"]
    assert copied.college == elsewhere["college"] and copied.code == programme.code
    assert comparable(case_package.programme_data(copied)) == comparable(
        case_package.programme_data(programme)
    )
    types = {item["CFItemType"] for item in case_package.export_package(copied)["CFItems"]}
    assert types == {"Module", "Learning Outcome"}


def test_a_csv_round_trips_into_a_programme(programme, elsewhere):
    target = Programme.objects.create(
        college=elsewhere["college"],
        code=programme.code,
        name="Copy",
        qualification_level=5,
        duration_years=3,
    )
    parsed = case_package.parse_csv("p.csv", case_package.export_csv(programme), target)
    case_package.save(parsed, elsewhere["college"], by=elsewhere["coordinator"])
    assert comparable(case_package.programme_data(target)) == comparable(
        case_package.programme_data(programme)
    )


def test_a_bad_row_is_named_and_nothing_is_written(programme, elsewhere):
    rows = list(csv.reader(io.StringIO(case_package.export_csv(programme).decode())))
    rows[2][4] = "three"  # the second data row's credits
    written = io.StringIO()
    csv.writer(written).writerows(rows)
    target = Programme.objects.create(
        college=elsewhere["college"], code="x", name="X", qualification_level=5, duration_years=3
    )
    with pytest.raises(ServiceError, match="p.csv, row 3, credits: not a number"):
        case_package.parse_csv("p.csv", written.getvalue().encode(), target)
    assert not Module.objects.filter(programme=target).exists()


def test_only_a_colleges_staff_import_into_it(programme, persona, elsewhere):
    parsed = case_package.parse_package(
        "p.json", json.dumps(case_package.export_package(programme)).encode()
    )
    with pytest.raises(PermissionDenied):
        case_package.save(parsed, elsewhere["college"], by=persona("coordinator"))


def test_the_cli_exports_and_imports_case(programme, elsewhere, tmp_path, capsys):
    out = tmp_path / "programme.json"
    main(
        [
            "export",
            "case",
            programme.code,
            "--out",
            str(out),
            "--as",
            "coordinator",
            "--college",
            programme.college.code,
        ]
    )
    assert json.loads(out.read_text())["CFDocument"]["frameworkType"] == "Programme"
    main(["import", "case", str(out), "--as", "other-coordinator"])
    assert "learning outcomes" in capsys.readouterr().out
    assert Programme.objects.filter(college=elsewhere["college"], code=programme.code).exists()
