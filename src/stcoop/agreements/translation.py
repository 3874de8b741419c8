"""Bilingual fields of agreements, mechanisms and sessions (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from stcoop.agreements.models import Agreement, Mechanism, MechanismMeeting


@register(Agreement)
class AgreementTranslationOptions(TranslationOptions):
    fields = ("title", "summary")


@register(Mechanism)
class MechanismTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(MechanismMeeting)
class MechanismMeetingTranslationOptions(TranslationOptions):
    fields = ("outcomes",)
