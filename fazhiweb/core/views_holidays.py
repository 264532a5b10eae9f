"""The holiday table (节假日调整) on a page of its own, for the office that keeps it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhiweb.core import services
from fazhiweb.core.models import Holiday
from fazhiweb.core.views import member_view


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "is_workday", "name"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
        labels = {"is_workday": "调休上班(不勾选为放假)"}


def _form_page(request, holiday: Holiday | None):
    form = HolidayForm(request.POST or None, instance=holiday)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_holiday(request.user, holiday, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, f"已保存 {form.cleaned_data['date']:%Y-%m-%d}。")
            return redirect("core:holidays")
    year = request.GET.get("year", "")
    days = Holiday.objects.all()
    if year.isdigit():
        days = days.filter(date__year=int(year))
    years = sorted({d.year for d in Holiday.objects.dates("date", "year")}, reverse=True)
    return render(request, "core/holidays.html", {"form": form, "days": days, "editing": holiday,
                                                  "years": years, "year": year})


@member_view("holiday.edit")
def holidays(request):
    return _form_page(request, None)


@member_view("holiday.edit")
def holiday_edit(request, pk):
    return _form_page(request, get_object_or_404(Holiday, pk=pk))


@require_POST
@member_view("holiday.edit")
def holidays_bulk(request):
    try:
        counts = services.save_holidays(request.user, request.POST.get("lines", ""))
    except services.HolidayInputError as exc:
        for e in exc.errors[:10]:
            messages.error(request, e)
        messages.error(request, "未作任何改动,请修正后重新提交。")
    else:
        messages.success(request, f"已录入:新增 {counts['created']} 天,修改 {counts['updated']} 天。")
    return redirect("core:holidays")


@require_POST
@member_view("holiday.edit")
def holiday_delete(request, pk):
    holiday = get_object_or_404(Holiday, pk=pk)
    services.delete_holiday(request.user, holiday)
    messages.success(request, f"已删除 {holiday.date:%Y-%m-%d}。")
    return redirect("core:holidays")
