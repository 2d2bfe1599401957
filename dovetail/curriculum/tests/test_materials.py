"""Loose-leaf materials: sections revised one at a time, readers told what changed since they
last read, partner enterprises contributing work-manual sections the teacher reviews."""

import pytest

from dovetail.core.errors import ServiceError
from dovetail.curriculum import materials
from dovetail.curriculum.models import Module, SectionRevision

pytestmark = pytest.mark.django_db


@pytest.fixture
def module(persona):
    return Module.objects.filter(programme=persona("learner").learner_profile.programme).first()


@pytest.fixture
def section(persona, module):
    return materials.add_section(
        module,
        by=persona("teacher"),
        title="Safety first",
        kind="textbook",
        body="Lock out the cell.\n\nCheck the guard.",
        reason="First edition",
    )


def test_a_reader_sees_what_changed_since_they_last_read(persona, module, section):
    learner = persona("learner")
    first = materials.edition(module, learner)
    assert [v.current.number for v in first["sections"]] == [1] and not first["sections"][0].changed
    materials.revise_section(
        section,
        by=persona("teacher"),
        body="Lock out the cell.\n\nTest the light curtain.",
        reason="New light curtains on line 2",
    )
    second = materials.edition(module, learner)["sections"][0]
    assert second.changed and second.current.number == 2
    assert "+Test the light curtain." in second.diff and "-Check the guard." in second.diff
    assert not materials.edition(module, learner)["sections"][0].changed  # read now


def test_a_partner_enterprise_contributes_a_work_manual_section_for_review(
    persona, module, partnership
):
    hr = persona("hr")
    contributed = materials.add_section(
        module,
        by=hr,
        title="Changeover at our plant",
        kind="work_manual",
        body="Step 1: stop the line.",
        reason="Our new changeover procedure",
    )
    assert contributed.contributed_by == partnership.enterprise
    assert materials.edition(module, persona("learner"))["sections"] == []  # not yet published
    teacher_view = materials.edition(module, persona("teacher"))["sections"]
    [pending] = teacher_view[0].pending
    materials.review(pending, by=persona("teacher"), accept=True)
    [shown] = materials.edition(module, persona("learner"))["sections"]
    assert shown.current.body == "Step 1: stop the line."


def test_only_teachers_write_the_textbook_and_only_partners_contribute(
    persona, module, section, other_college
):
    with pytest.raises(ServiceError, match="Only the college's teachers"):
        materials.add_section(
            module, by=persona("hr"), title="x", kind="textbook", body="b", reason="r"
        )
    with pytest.raises(ServiceError, match="Only the college's teachers"):
        materials.revise_section(section, by=other_college["coordinator"], body="b", reason="r")
    with pytest.raises(ServiceError, match="Say why"):
        materials.revise_section(section, by=persona("teacher"), body="b", reason=" ")
    assert SectionRevision.objects.filter(section=section).count() == 1


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_edition_prints(client_as, module, section, language):
    response = client_as("learner").get(
        f"/curriculum/modules/{module.pk}/materials.pdf?lang={language}"
    )
    assert (
        response.content.startswith(b"%PDF")
        and f"-{language}.pdf" in response["Content-Disposition"]
    )


def test_the_reading_page_marks_a_changed_section(client_as, persona, module, section):
    reader = client_as("learner")
    reader.get(f"/curriculum/modules/{module.pk}/materials/")
    materials.revise_section(section, by=persona("teacher"), body="New text", reason="Update")
    page = reader.get(f"/curriculum/modules/{module.pk}/materials/")
    assert b"data-changed" in page.content and b"Changed since you last read it" in page.content
