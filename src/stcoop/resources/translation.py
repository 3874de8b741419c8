"""Bilingual fields of shared resources (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from stcoop.resources.models import SharedResource


@register(SharedResource)
class SharedResourceTranslationOptions(TranslationOptions):
    fields = ("name", "description", "access_conditions")
