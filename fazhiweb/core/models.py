"""Installation-wide reference data."""

from __future__ import annotations

from django.db import models


class Holiday(models.Model):
    """A day whose working status the office sets by hand, for years the statutory holiday
    package (chinesecalendar) does not cover yet: a holiday (is_workday False) or an
    adjusted working weekend day (is_workday True). Source: the State Council's yearly
    notice on holiday arrangements (国务院办公厅关于某年部分节假日安排的通知)."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日", default=False)
    name = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.name}"

    def snapshot(self) -> dict:
        return {"date": self.date.isoformat(), "is_workday": self.is_workday, "name": self.name}
