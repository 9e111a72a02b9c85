from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "vangnet.campaigns"
    label = "campaigns"
    verbose_name = "Campagnes"
