"""Bilingual fields of memberships and big-science programmes (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from stcoop.memberships.models import BigScienceProgramme, InternationalMembership


@register(InternationalMembership)
class InternationalMembershipTranslationOptions(TranslationOptions):
    fields = ("notes",)


@register(BigScienceProgramme)
class BigScienceProgrammeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
