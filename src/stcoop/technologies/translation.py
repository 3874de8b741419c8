"""Bilingual fields of technology profiles (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from stcoop.technologies.models import TechnologyProfile


@register(TechnologyProfile)
class TechnologyProfileTranslationOptions(TranslationOptions):
    fields = ("title", "description")
