from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fazhiweb.core.permissions import get_for
from fazhiweb.core.views import member_view, xlsx_response
from fazhiweb.directory import services
from fazhiweb.directory.forms import DirectoryImportForm, GroupForm, UnitForm
from fazhiweb.directory.models import Unit, UnitGroup
from fazhiweb.directory.resolve import Resolver


@member_view("directory.view")
def index(request):
    gov = request.member.government
    units = Unit.objects.filter(government=gov).prefetch_related("groups")
    groups = UnitGroup.objects.filter(government=gov).prefetch_related("members")
    return render(request, "directory/index.html", {
        "units": units, "groups": groups, "import_form": DirectoryImportForm(),
        "errors": request.session.pop("directory_import_errors", None),
    })


def _unit_form_page(request, unit: Unit | None):
    gov = request.member.government
    if request.method == "POST":
        form = UnitForm(request.POST)
        if form.is_valid():
            try:
                if unit is None:
                    unit = services.create_unit(request.user, gov, form.cleaned_data)
                else:
                    services.update_unit(request.user, unit, form.cleaned_data)
            except ValidationError as exc:
                for msg in exc.messages:
                    form.add_error(None, msg)
            else:
                messages.success(request, f"已保存单位“{unit.name}”。")
                return redirect("directory:index")
    else:
        form = UnitForm(initial=UnitForm.initial_for(unit) if unit else None)
    return render(request, "directory/form.html", {"form": form, "title": "编辑单位" if unit else "新增单位"})


@member_view("directory.edit")
def unit_new(request):
    return _unit_form_page(request, None)


@member_view("directory.edit")
def unit_edit(request, pk):
    unit = get_for(request.user, Unit, pk, "directory.edit")
    return _unit_form_page(request, unit)


def _group_form_page(request, group: UnitGroup | None):
    gov = request.member.government
    if request.method == "POST":
        form = GroupForm(request.POST, government=gov)
        if form.is_valid():
            try:
                group = services.save_group(request.user, gov, group, form.cleaned_data)
            except ValidationError as exc:
                for msg in exc.messages:
                    form.add_error(None, msg)
            else:
                messages.success(request, f"已保存分组“{group.name}”。")
                return redirect("directory:index")
    else:
        form = GroupForm(initial=GroupForm.initial_for(group) if group else None, government=gov)
    return render(request, "directory/form.html", {"form": form, "title": "编辑分组" if group else "新增分组"})


@member_view("directory.edit")
def group_new(request):
    return _group_form_page(request, None)


@member_view("directory.edit")
def group_edit(request, pk):
    group = get_for(request.user, UnitGroup, pk, "directory.edit")
    return _group_form_page(request, group)


@require_POST
@member_view("directory.edit")
def import_xlsx(request):
    form = DirectoryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要导入的 .xlsx 文件。")
        return redirect("directory:index")
    try:
        counts = services.import_directory_xlsx(request.user, request.member.government, form.cleaned_data["file"])
    except services.DirectoryImportError as exc:
        request.session["directory_import_errors"] = exc.errors
        messages.error(request, "导入失败,名录未作任何改动。请修正以下问题后重新导入。")
    else:
        messages.success(request, f"导入完成:新增 {counts['created']} 个、更新 {counts['updated']} 个单位。")
    return redirect("directory:index")


@member_view("directory.view")
def export_xlsx(request):
    data = services.export_directory_xlsx(request.member.government)
    return xlsx_response(data, "单位名录.xlsx")


@member_view("directory.view")
def resolve(request):
    q = request.GET.get("q", "")
    res = Resolver(request.member.government).resolve(q) if q else None
    return render(request, "directory/_resolve.html", {"q": q, "res": res})
