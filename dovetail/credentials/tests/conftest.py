"""A module the persona learner is co-assessed on, with the teacher's ratings in: the mentor's
matching ratings complete the module."""

import pytest

from dovetail.curriculum.models import Module
from dovetail.placements.models import Placement
from dovetail.records.services import assessments


@pytest.fixture
def learner_profile(persona):
    return persona("learner").learner_profile


@pytest.fixture
def module(learner_profile):
    return Module.objects.filter(programme=learner_profile.programme).order_by("pk").first()


@pytest.fixture
def other_module(learner_profile, module):
    return (
        Module.objects.filter(programme=learner_profile.programme)
        .exclude(pk=module.pk)
        .order_by("pk")
        .first()
    )


@pytest.fixture
def module_assessment(persona, learner_profile, module):
    teacher = persona("teacher")
    placement = Placement.objects.filter(learner=learner_profile).latest("starts_on")
    skill = module.outcomes.first().skills.first().skill if module.outcomes.exists() else None
    rubric = assessments.create_rubric(
        by=teacher,
        organisation=learner_profile.college,
        title=f"{module.name}: practical",
        module=module,
        criteria=[
            {
                "title": "Sets up the work safely",
                "weight": 1,
                "skill": skill,
                "descriptors": [
                    "Unsafe",
                    "Needs prompting",
                    "Safe",
                    "Safe and quick",
                    "Teaches others",
                ],
            }
        ],
    )
    assessment = assessments.start_assessment(rubric, placement, by=teacher)
    assessments.rate(assessment, by=teacher, levels={c.pk: 3 for c in rubric.criteria.all()})
    return assessment


@pytest.fixture
def passed_module(persona, module_assessment):
    """The mentor agrees: the learner passes the module (75%)."""
    criteria = module_assessment.rubric.criteria.all()
    assessments.rate(module_assessment, by=persona("mentor"), levels={c.pk: 3 for c in criteria})
    return module_assessment


@pytest.fixture
def module_credential(passed_module, module):
    """The credential passing the module earned."""
    from dovetail.credentials.models import Credential

    return Credential.objects.get(achievement__module=module)


@pytest.fixture(autouse=True)
def no_fetching(settings):
    """Nothing in the tests reaches another issuer's status list over the network."""
    settings.DOVETAIL_FETCH_STATUS_LISTS = False
