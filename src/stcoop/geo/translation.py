"""Bilingual fields (``*_zh_hans``, ``*_en``) of the reference-data models."""

from modeltranslation.translator import TranslationOptions, register

from stcoop.geo.models import Country, Grouping, Region


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(Grouping)
class GroupingTranslation(TranslationOptions):
    fields = ("name", "description", "rule")
