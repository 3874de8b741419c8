"""Bilingual fields of organisation units (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from stcoop.accounts.models import OrganisationUnit


@register(OrganisationUnit)
class OrganisationUnitTranslationOptions(TranslationOptions):
    fields = ("name", "description")
