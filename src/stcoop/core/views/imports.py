"""Generic import pages: upload a file, preview every row, confirm, see the report."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from stcoop.core.export import csv_response, xlsx_response
from stcoop.core.imports.forms import ImportUploadForm
from stcoop.core.imports.reading import ImportFileError, read_table
from stcoop.core.imports.run import import_apply, import_preview
from stcoop.core.imports.spec import ImportSpec, get_spec
from stcoop.core.imports.uploads import discard_upload, load_upload, store_upload

_SESSION_KEY = "stcoop_import_tokens"
_MAX_TOKENS = 20


class ImportSpecMixin(LoginRequiredMixin):
    """Finds the spec named in the URL; refuses actors the spec does not allow."""

    spec: ImportSpec

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        spec = get_spec(kwargs["spec"])
        if spec is None:
            raise Http404(_("There is no import called {name}.").format(name=kwargs["spec"]))
        if not spec.may_import(request.user):
            raise PermissionDenied(_("You may not use this import."))
        self.spec = spec
        return super().dispatch(request, *args, **kwargs)

    def page(
        self, request: HttpRequest, template: str, status: int = 200, **context: Any
    ) -> HttpResponse:
        context.setdefault("form", ImportUploadForm())
        return render(request, template, {"spec": self.spec, **context}, status=status)


class ImportUploadView(ImportSpecMixin, View):
    """GET: the upload form; POST: check the file and show the preview."""

    def get(self, request: HttpRequest, spec: str) -> HttpResponse:
        return self.page(request, "core/import_upload.html")

    def post(self, request: HttpRequest, spec: str) -> HttpResponse:
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(request, "core/import_upload.html", status=400, form=form)
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            table = read_table(data, upload.name, encodings=self.spec.encodings)
        except ImportFileError as error:
            form.add_error("file", error.message)
            return self.page(request, "core/import_upload.html", status=400, form=form)
        preview = import_preview(self.spec, table, request.user)
        token = ""
        if preview.ok:
            token = store_upload(
                data=data, filename=upload.name, spec_name=self.spec.name, user_id=request.user.pk
            )
            tokens = [*request.session.get(_SESSION_KEY, []), token][-_MAX_TOKENS:]
            request.session[_SESSION_KEY] = tokens
        return self.page(request, "core/import_preview.html", preview=preview, token=token)


class ImportConfirmView(ImportSpecMixin, View):
    """POST: apply the stored file the preview was made from."""

    def post(self, request: HttpRequest, spec: str) -> HttpResponse:
        token = request.POST.get("token", "")
        stored = None
        if token in request.session.get(_SESSION_KEY, []):
            stored = load_upload(token, spec_name=self.spec.name, user_id=request.user.pk)
        if stored is None:
            message = _("The preview has expired or is not yours; upload the file again.")
            return self.page(request, "core/import_upload.html", status=400, error=message)
        try:
            table = read_table(stored.data, stored.filename, encodings=self.spec.encodings)
        except ImportFileError as error:  # cannot happen for a file that was previewed
            discard_upload(token)
            return self.page(request, "core/import_upload.html", status=400, error=error.message)
        report = import_apply(self.spec, table, request.user)
        if not report.applied:
            return self.page(request, "core/import_preview.html", status=400, preview=report)
        discard_upload(token)
        request.session[_SESSION_KEY] = [
            t for t in request.session.get(_SESSION_KEY, []) if t != token
        ]
        return self.page(request, "core/import_result.html", report=report)


class ImportTemplateView(ImportSpecMixin, View):
    """A template file (CSV or XLSX): the header row and one example row.

    ``?headers=zh`` writes Chinese headers, ``?headers=en`` (the default) the canonical
    ones; the importer reads both. The XLSX
    template has a second sheet describing every column in both languages.
    """

    def get(self, request: HttpRequest, spec: str, fmt: str) -> Any:
        wanted = request.GET.get("headers") or "en"
        if wanted not in ("zh", "en"):
            raise Http404(_("Template headers are available in zh or en."))
        columns = self.spec.columns
        header = [c.chinese_header if wanted == "zh" else c.name for c in columns]
        rows = [header, self.spec.example_row()]
        filename = f"{self.spec.name}-template-{wanted}"
        if fmt == "csv":
            return csv_response(rows, filename)
        if fmt == "xlsx":
            return xlsx_response(rows, filename, [("help 说明", self._help_rows())])
        raise Http404(_("Templates are available as CSV or XLSX."))

    def _help_rows(self) -> list[list[str]]:
        rows = [["column", "列名", "required 必填", "description", "说明", "example 示例"]]
        for column in self.spec.columns:
            with translation.override("en"):
                english = str(column.label)
            with translation.override("zh-hans"):
                chinese = str(column.label)
            rows.append(
                [
                    column.name,
                    column.chinese_header,
                    "yes 是" if column.required else "no 否",
                    english,
                    chinese,
                    column.example,
                ]
            )
        return rows


class ImportRecordsView(ImportSpecMixin, View):
    """The records the viewer may see, as a CSV, XLSX or JSON file this import reads back
    unchanged (edit it and upload it again)."""

    def get(self, request: HttpRequest, spec: str, fmt: str) -> HttpResponse:
        from stcoop.core.imports.exporting import CONTENT_TYPES, EXPORT_FORMATS, export_file

        if not self.spec.exports or fmt not in EXPORT_FORMATS:
            raise Http404(_("This import offers no download of its records in that format."))
        data, _count = export_file(self.spec, request.user, fmt)
        response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="{self.spec.name}.{fmt}"'
        return response
