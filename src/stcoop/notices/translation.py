"""Bilingual fields of notices (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from stcoop.notices.models import Notice


@register(Notice)
class NoticeTranslationOptions(TranslationOptions):
    fields = ("title", "body")
