"""Bilingual fields of people (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from stcoop.people.models import Person


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("bio",)
