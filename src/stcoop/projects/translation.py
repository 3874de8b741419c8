"""Bilingual fields of programmes and projects (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from stcoop.projects.models import Programme, Project


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = ("name", "description")


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("title", "abstract")
