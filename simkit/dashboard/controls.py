"""The dashboard's controls: each one maps widgets to real scenario fields (dotted names).

A control owns its widgets, reads its value from a :class:`~simkit.scenario.Scenario`
(:meth:`Control.load`) and turns the widget state back into dotted overrides for
:func:`simkit.with_overrides` (:meth:`Control.overrides`). ``fields`` names every scenario field a
control writes; a test checks each one exists in the schema and changes the scenario.
"""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as w

from simkit.i18n import t
from simkit.scenario import KPPS_MEMBERS, STAFFED_STATIONS, Scenario

__all__ = [
    "ChoiceControl",
    "Control",
    "PatternControl",
    "RolesControl",
    "SliderControl",
    "build_controls",
    "MORNING_RUSH",
]

# A front-loaded day (assumption): most voters come early, as the opening line suggests (§1.1).
MORNING_RUSH = (0.35, 0.25, 0.17, 0.11, 0.07, 0.05)


def _get(scenario: Scenario, dotted: str) -> Any:
    node: Any = scenario
    for part in dotted.split("."):
        node = getattr(node, part)
    return node


class Control:
    """One labelled control; subclasses set ``fields`` and implement load/overrides."""

    fields: tuple[str, ...] = ()

    def __init__(self, name: str, label_key: str, section: str):
        self.name = name
        self.label_key = label_key
        self.section = section
        self.label = w.HTML(layout=w.Layout(margin="6px 0 0 0"))
        self.label.add_class("sk-label")
        self.widget: w.Widget = w.HTML()
        self._box: w.Box | None = None

    @property
    def box(self) -> w.Box:
        """The label above the widget, as shown in the sidebar."""
        if self._box is None:
            self._box = w.VBox([self.label, self.widget], layout=w.Layout(width="100%"))
            self._box.add_class("sk-control")
        return self._box

    def relabel(self, lang: str) -> None:
        """Show the label (and any option names) in ``lang``."""
        self.label.value = t(self.label_key, lang)

    def load(self, scenario: Scenario) -> None:
        """Set the widgets to the scenario's value."""
        raise NotImplementedError

    def overrides(self) -> dict[str, Any]:
        """Dotted scenario fields and their values from the widget state."""
        raise NotImplementedError

    def observe(self, handler) -> None:
        """Call ``handler(change)`` whenever the user changes this control."""
        self.widget.observe(handler, names="value")


class SliderControl(Control):
    """An integer slider on one numeric field; ``scale`` turns shares into percent."""

    def __init__(self, name, label_key, section, field, lo, hi, step=1, scale=1.0):
        super().__init__(name, label_key, section)
        self.fields = (field,)
        self.scale = scale
        self.widget = w.IntSlider(
            min=lo,
            max=hi,
            step=step,
            continuous_update=False,
            layout=w.Layout(width="96%"),
            style={"handle_color": "#b71c1c"},
        )

    def load(self, scenario):
        """As :meth:`Control.load`."""
        value = round(_get(scenario, self.fields[0]) * self.scale)
        self.widget.max = max(self.widget.max, value)
        self.widget.min = min(self.widget.min, value)
        self.widget.value = value

    def overrides(self):
        """As :meth:`Control.overrides`."""
        value = self.widget.value
        if self.scale != 1.0:
            value = round(value / self.scale, 6)
        return {self.fields[0]: value}


class ChoiceControl(Control):
    """Toggle buttons over the allowed values of one field (labels ``<label_key>_<value>``)."""

    def __init__(self, name, label_key, section, field, values):
        super().__init__(name, label_key, section)
        self.fields = (field,)
        self.values = tuple(values)
        self.widget = w.ToggleButtons(options=[(v, v) for v in self.values])
        self.widget.add_class("sk-toggle")

    def relabel(self, lang):
        """As :meth:`Control.relabel`."""
        super().relabel(lang)
        value = self.widget.value
        key = self.label_key
        self.widget.options = [(t(f"{key}_{v}", lang), v) for v in self.values]
        self.widget.value = value

    def load(self, scenario):
        """As :meth:`Control.load`."""
        self.widget.value = _get(scenario, self.fields[0])

    def overrides(self):
        """As :meth:`Control.overrides`."""
        return {self.fields[0]: self.widget.value}


class PatternControl(Control):
    """Arrival pattern: KPU's four groups, a morning rush, hourly shares typed in, or Poisson.

    KPU's groups are §1.1; the others are what-ifs (Poisson is the queueing-theory check, §6).
    """

    fields = ("arrivals.pattern", "arrivals.hourly_shares")
    choices = ("kpu", "rush", "custom", "poisson")

    def __init__(self, name="pattern", label_key="dash_pattern", section="dash_sec_arrivals"):
        super().__init__(name, label_key, section)
        self.choice = w.Dropdown(
            options=[(c, c) for c in self.choices], value="kpu", layout=w.Layout(width="96%")
        )
        self.text = w.Text(
            value="30, 25, 20, 12, 8, 5",
            continuous_update=False,
            layout=w.Layout(width="96%", display="none"),
        )
        self.help = w.HTML(layout=w.Layout(display="none"))
        self.help.add_class("sk-help")
        self.widget = w.VBox([self.choice, self.help, self.text])
        self.choice.observe(self._toggle_text, names="value")
        self._lang = "id"

    def _toggle_text(self, _change=None):
        shown = "flex" if self.choice.value == "custom" else "none"
        self.text.layout.display = shown
        self.help.layout.display = shown

    def observe(self, handler):
        """As :meth:`Control.observe`."""
        self.choice.observe(handler, names="value")
        self.text.observe(handler, names="value")

    def relabel(self, lang):
        """As :meth:`Control.relabel`."""
        super().relabel(lang)
        self._lang = lang
        value = self.choice.value
        keys = {c: f"dash_pattern_{c}" for c in self.choices}
        self.choice.options = [(t(keys[c], lang), c) for c in self.choices]
        self.choice.value = value
        self.help.value = t("dash_hourly_help", lang)

    def load(self, scenario):
        """As :meth:`Control.load`."""
        arr = scenario.arrivals
        shares = tuple(round(s, 6) for s in arr.hourly_shares)
        self.text.value = ", ".join(f"{100 * s:g}" for s in arr.hourly_shares)
        if arr.pattern == "kpu_groups":
            self.choice.value = "kpu"
        elif arr.pattern == "poisson":
            self.choice.value = "poisson"
        elif shares == MORNING_RUSH:
            self.choice.value = "rush"
        else:
            self.choice.value = "custom"
        self._toggle_text()

    def parse_shares(self) -> list[float]:
        """Read the typed hourly percentages as shares adding up to 1 (ValueError if bad)."""
        raw = self.text.value
        try:
            numbers = [float(x) for x in raw.replace(";", ",").split(",") if x.strip()]
        except ValueError:
            numbers = []
        # percentages: each one 0-100 and a real number (1e308 or "nan" used to pass silently)
        bad = any(not math.isfinite(x) or not 0 <= x <= 100 for x in numbers)
        if len(numbers) != 6 or bad or sum(numbers) <= 0:
            raise ValueError(t("dash_hourly_bad", self._lang).format(v=raw))
        total = sum(numbers)
        shares = [round(x / total, 9) for x in numbers]
        shares[-1] = round(1.0 - sum(shares[:-1]), 9)
        return shares

    def overrides(self):
        """As :meth:`Control.overrides`."""
        if self.choice.value == "kpu":
            return {"arrivals.pattern": "kpu_groups"}
        if self.choice.value == "poisson":
            return {"arrivals.pattern": "poisson"}
        shares = list(MORNING_RUSH) if self.choice.value == "rush" else self.parse_shares()
        return {"arrivals.pattern": "hourly_shares", "arrivals.hourly_shares": shares}


# Standard split of the voting-day stations (§2): KPPS4 at meja A, the ketua with KPPS2-3,
# KPPS5 helps at the entrance, KPPS6 at the boxes, KPPS7 at the ink.
STANDARD_ROLES = {
    "entrance": ("KPPS4", "KPPS5"),
    "ketua_table": ("KPPS1", "KPPS2", "KPPS3"),
    "boxes": ("KPPS6",),
    "ink": ("KPPS7",),
}


class RolesControl(Control):
    """Who staffs which voting station: automatic (the model's standard split) or a grid."""

    fields = ("staff.roles",)

    def __init__(self, name="roles", label_key="dash_roles", section="dash_sec_staff"):
        super().__init__(name, label_key, section)
        self.auto = w.Checkbox(value=True, indent=False)
        self.auto.add_class("sk-check")
        self.station_labels = {}
        self.cells: dict[tuple[str, str], w.ToggleButton] = {}
        rows = []
        header = [w.HTML(layout=w.Layout(width="34%"))] + [
            w.HTML(f"<b>{m[-1]}</b>", layout=w.Layout(width="9%")) for m in KPPS_MEMBERS
        ]
        rows.append(w.HBox(header))
        for station in STAFFED_STATIONS:
            lab = w.HTML(layout=w.Layout(width="34%"))
            lab.add_class("sk-small")
            self.station_labels[station] = lab
            cells = []
            for member in KPPS_MEMBERS:
                cell = w.ToggleButton(
                    value=member in STANDARD_ROLES[station],
                    layout=w.Layout(width="9%", height="28px", padding="0"),
                )
                cell.add_class("sk-cell")
                self.cells[(station, member)] = cell
                cells.append(cell)
            rows.append(w.HBox([lab] + cells))
        self.grid = w.VBox(rows, layout=w.Layout(display="none"))
        self.widget = w.VBox([self.auto, self.grid])
        self.auto.observe(self._toggle, names="value")
        self.present = 7

    def _toggle(self, _change=None):
        self.grid.layout.display = "none" if self.auto.value else "flex"

    def set_present(self, kpps: int) -> None:
        """Grey out members who are not present."""
        self.present = kpps
        for (_station, member), cell in self.cells.items():
            cell.disabled = KPPS_MEMBERS.index(member) >= kpps

    def observe(self, handler):
        """As :meth:`Control.observe`."""
        self.auto.observe(handler, names="value")
        for cell in self.cells.values():
            cell.observe(handler, names="value")

    def relabel(self, lang):
        """As :meth:`Control.relabel`."""
        super().relabel(lang)
        self.auto.description = t("dash_roles_auto", lang)
        for station, lab in self.station_labels.items():
            lab.value = t(station, lang).split(" (")[0]

    def load(self, scenario):
        """As :meth:`Control.load`."""
        roles = scenario.staff.roles
        self.auto.value = roles is None
        for (station, member), cell in self.cells.items():
            if roles is None:
                cell.value = member in STANDARD_ROLES[station]
            else:
                cell.value = station in roles.get(member, [])
        self._toggle()
        self.set_present(scenario.staff.kpps)

    def overrides(self):
        """As :meth:`Control.overrides`."""
        if self.auto.value:
            return {"staff.roles": None}
        present = KPPS_MEMBERS[: self.present]
        roles: dict[str, list[str]] = {}
        for member in present:
            stations = [s for s in STAFFED_STATIONS if self.cells[(s, member)].value]
            if stations:
                roles[member] = stations
        return {"staff.roles": roles}


def build_controls() -> list[Control]:
    """Every scenario control of the dashboard, in sidebar order (sections by i18n key)."""
    v, s, a, c = "dash_sec_voters", "dash_sec_staff", "dash_sec_arrivals", "dash_sec_counting"
    return [
        SliderControl("dpt", "dash_dpt", v, "tps.voters_dpt", 0, 600, 5),
        SliderControl("turnout", "dash_turnout", v, "tps.turnout", 30, 100, 1, scale=100.0),
        SliderControl("dptb", "dash_dptb", v, "tps.voters_dptb", 0, 60),
        SliderControl("dpk", "dash_dpk", v, "tps.voters_dpk", 0, 30),
        SliderControl("kpps", "dash_kpps", s, "staff.kpps", 0, 7),
        RolesControl(),
        ChoiceControl(
            "training", "dash_training", s, "staff.training", ("well_trained", "standard", "new")
        ),
        SliderControl("booths", "dash_booths", a, "tps.booths", 1, 8),
        PatternControl(),
        ChoiceControl("mode", "dash_mode", c, "counting.mode", ("single_panel", "two_panel")),
        SliderControl("saksi", "dash_saksi", c, "counting.saksi", 0, 24),
        ChoiceControl("copier", "dash_copier", c, "counting.copier", ("own", "shared", "none")),
        SliderControl(
            "sirekap",
            "dash_sirekap_fail",
            c,
            "errors.sirekap_upload_failure",
            0,
            80,
            5,
            scale=100.0,
        ),
    ]
