"""Form fields that pick skills from a taxonomy of any size.

A taxonomy like ESCO has about 14,000 skills, too many for a ``<select>``: the page would weigh
megabytes and take seconds to render. A picker renders only the skills already chosen and a few
suggested ones (an offer's required skills, a programme's outcomes); its search box finds the
rest on the server (``skills:find``), the suggested skills first. A form that has no suggestion
to make still validates any skill, so a form never depends on what the page happened to show.
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy

from dovetail.skills.models import Skill

SHOWN = 8  # suggested skills rendered as options; the search box finds the rest


def pickable():
    """The skills a person may pick: every skill of every taxonomy, never a group."""
    return Skill.objects.exclude(kind=Skill.Kind.GROUP)


class _Picker:
    """Shared by the one-skill and many-skills widgets: render the chosen and suggested skills
    only, and the search box that adds others."""

    template_name = "skills/widgets/skill_picker.html"
    search_placeholder = gettext_lazy("Words of its name, in English or Chinese")

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.suggested: list[int] = []
        self.blank_label = None

    def suggest(self, skill_ids) -> None:
        self.suggested = list(dict.fromkeys(skill_ids))

    def optgroups(self, name, value, attrs=None):
        self.choices = self._shown(value)
        return super().optgroups(name, value, attrs)

    def _shown(self, value) -> list[tuple]:
        chosen = [int(v) for v in value if str(v).isdigit()]
        wanted = list(dict.fromkeys(chosen + self.suggested[:SHOWN]))
        skills = pickable().in_bulk(wanted)
        blank = [("", self.blank_label)] if self.blank_label is not None else []
        return blank + [(pk, skills[pk].display_label) for pk in wanted if pk in skills]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            search_id=f"{context['widget']['attrs'].get('id', name)}_find",
            find_url=reverse("skills:find"),
            first=",".join(map(str, self.suggested)),
            placeholder=self.search_placeholder,
            multiple=self.allow_multiple_selected,
        )
        return context

    def id_for_label(self, id_, index=None):
        # the field's label names the search box; each option carries its own label
        return f"{id_}_find" if id_ and index is None else super().id_for_label(id_, index)


class SkillPicker(_Picker, forms.RadioSelect):
    pass


class SkillsPicker(_Picker, forms.CheckboxSelectMultiple):
    pass


class SkillField(forms.ModelChoiceField):
    """One skill, picked by search."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", SkillPicker)
        super().__init__(queryset=pickable(), **kwargs)
        if self.empty_label is not None:
            self.widget.blank_label = gettext_lazy("None")

    def suggest(self, skill_ids) -> None:
        self.widget.suggest(skill_ids)


class SkillsField(forms.ModelMultipleChoiceField):
    """Any number of skills, picked by search."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", SkillsPicker)
        super().__init__(queryset=pickable(), **kwargs)

    def suggest(self, skill_ids) -> None:
        self.widget.suggest(skill_ids)
