"""Bilingual fields of organisations (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from stcoop.organisations.models import Organisation


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("name",)
