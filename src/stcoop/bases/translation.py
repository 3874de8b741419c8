"""Bilingual fields of cooperation bases and self-reports (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from stcoop.bases.models import CooperationBase, SelfReport


@register(CooperationBase)
class CooperationBaseTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(SelfReport)
class SelfReportTranslationOptions(TranslationOptions):
    fields = ("narrative",)
