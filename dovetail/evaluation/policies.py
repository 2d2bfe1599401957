"""Who may change a region's depth-index weights: its education officers. The formula and the
weights are published, so everyone signed in may read them."""

from django.db.models import Q

from dovetail.core.permissions import CHANGE, Policy, register
from dovetail.evaluation.models import DepthIndexSettings


@register(DepthIndexSettings)
class DepthIndexSettingsPolicy(Policy):
    def scope(self, actor):
        return Q()

    def can(self, actor, action, settings):
        return action == CHANGE and settings.region_id in actor.officer_region_ids
