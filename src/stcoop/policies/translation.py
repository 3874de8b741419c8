"""Bilingual fields of policy documents (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from stcoop.policies.models import PolicyDocument


@register(PolicyDocument)
class PolicyDocumentTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "issuer")
