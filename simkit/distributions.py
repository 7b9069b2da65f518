"""Duration and arrival distributions built from declarative specs.

A scenario file writes a duration as a small mapping, for example
``{dist: lognormal, mean: 4.0, sd: 1.5}``. :func:`make_distribution` turns that mapping into a
value object with ``sample(rng, n)`` and ``mean``; nothing is ever evaluated from a string.
All values are minutes unless the field name says otherwise (``*_s`` fields are seconds).
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np

from simkit.i18n import t

__all__ = [
    "Constant",
    "Distribution",
    "Empirical",
    "Exponential",
    "Gamma",
    "LogNormal",
    "Triangular",
    "DistributionError",
    "KNOWN_DISTRIBUTIONS",
    "make_distribution",
]


# The spread a lognormal or gamma duration may have, as sd / mean (the coefficient of variation).
# The shipped durations have at most 0.5; past these bounds the shape parameters overflow a float
# (``--set durations.booth.mean=1e-300`` once ended in an OverflowError traceback).
MAX_SPREAD = 100.0  # sd at most 100 times the mean
MIN_GAMMA_SPREAD = 1e-6  # a gamma's sd at least a millionth of its mean (else use constant)
# The largest parameter of any duration, in minutes (about 694 days: no step of a TPS day comes
# near it). Past it samples overflow to infinity (``triangular`` with ``high: 1e308`` once ended
# in "Negative delay -inf").
MAX_PARAMETER = 1e6


class DistributionError(ValueError):
    """A distribution spec that cannot be built; the message says which parameter and why.

    The message is the i18n text ``key`` filled with ``fields``: ``str(err)`` is English,
    ``err.text("id")`` says the same in Bahasa Indonesia.
    """

    def __init__(self, key: str, **fields: Any):
        self.key, self.fields = key, fields
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """The message in ``lang`` ("id" or "en")."""
        return t(self.key, lang).format(**self.fields)

    def __reduce__(self):
        return (_rebuild_error, (self.key, self.fields))


def _rebuild_error(key: str, fields: dict[str, Any]) -> DistributionError:
    """Unpickle a :class:`DistributionError` (its fields are keyword arguments)."""
    return DistributionError(key, **fields)


class Distribution:
    """Base class: a non-negative random duration."""

    mean: float

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """Draw ``n`` values as a float array."""
        raise NotImplementedError

    def scaled(self, factor: float) -> Distribution:
        """The same shape with every value multiplied by ``factor``."""
        return Scaled(self, factor)


@dataclass(frozen=True)
class Constant(Distribution):
    """Always the same value (deterministic durations for trace tests)."""

    value: float

    def __post_init__(self):
        _non_negative("value", self.value)

    @property
    def mean(self) -> float:
        return self.value

    def sample(self, rng, n):
        return np.full(n, float(self.value))

    def scaled(self, factor):
        return Constant(self.value * factor)


@dataclass(frozen=True)
class Exponential(Distribution):
    """Memoryless durations (the queueing-theory validation mode)."""

    mean: float

    def __post_init__(self):
        _positive("mean", self.mean)

    def sample(self, rng, n):
        return rng.exponential(self.mean, n)

    def scaled(self, factor):
        return Exponential(self.mean * factor)


@dataclass(frozen=True)
class LogNormal(Distribution):
    """Right-skewed durations given by their own mean and standard deviation (not the log's)."""

    mean: float
    sd: float

    def __post_init__(self):
        _positive("mean", self.mean)
        _non_negative("sd", self.sd)
        _spread(self.mean, self.sd, 0.0)

    def sample(self, rng, n):
        if self.sd == 0:
            return np.full(n, float(self.mean))
        sigma2 = math.log(1.0 + (self.sd / self.mean) ** 2)
        mu = math.log(self.mean) - sigma2 / 2.0
        return rng.lognormal(mu, math.sqrt(sigma2), n)

    def scaled(self, factor):
        return LogNormal(self.mean * factor, self.sd * factor)


@dataclass(frozen=True)
class Gamma(Distribution):
    """Gamma durations given by mean and standard deviation."""

    mean: float
    sd: float

    def __post_init__(self):
        _positive("mean", self.mean)
        _positive("sd", self.sd)
        _spread(self.mean, self.sd, MIN_GAMMA_SPREAD)

    def sample(self, rng, n):
        shape = (self.mean / self.sd) ** 2
        scale = self.sd**2 / self.mean
        return rng.gamma(shape, scale, n)

    def scaled(self, factor):
        return Gamma(self.mean * factor, self.sd * factor)


@dataclass(frozen=True)
class Triangular(Distribution):
    """Bounded durations: lowest, most likely and highest value."""

    low: float
    mode: float
    high: float

    def __post_init__(self):
        _non_negative("low", self.low)
        if not (self.low <= self.mode <= self.high):
            raise DistributionError(
                "scn_dist_triangular_order", low=self.low, mode=self.mode, high=self.high
            )

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3.0

    def sample(self, rng, n):
        if self.low == self.high:
            return np.full(n, float(self.low))
        return rng.triangular(self.low, self.mode, self.high, n)

    def scaled(self, factor):
        return Triangular(self.low * factor, self.mode * factor, self.high * factor)


@dataclass(frozen=True)
class Empirical(Distribution):
    """Resample observed values (for example stopwatch times from a KPU rehearsal)."""

    values: tuple[float, ...]

    def __post_init__(self):
        if len(self.values) == 0:
            raise DistributionError("scn_dist_empirical_empty")
        for v in self.values:
            _non_negative("values", v)

    @property
    def mean(self) -> float:
        return float(np.mean(self.values))

    def sample(self, rng, n):
        return rng.choice(np.asarray(self.values, dtype=float), size=n, replace=True)

    def scaled(self, factor):
        return Empirical(tuple(v * factor for v in self.values))


@dataclass(frozen=True)
class Scaled(Distribution):
    """Another distribution multiplied by a factor."""

    base: Distribution
    factor: float

    @property
    def mean(self) -> float:
        return self.base.mean * self.factor

    def sample(self, rng, n):
        return self.base.sample(rng, n) * self.factor


KNOWN_DISTRIBUTIONS: dict[str, tuple[type, tuple[str, ...]]] = {
    "constant": (Constant, ("value",)),
    "exponential": (Exponential, ("mean",)),
    "lognormal": (LogNormal, ("mean", "sd")),
    "gamma": (Gamma, ("mean", "sd")),
    "triangular": (Triangular, ("low", "mode", "high")),
    "empirical": (Empirical, ("values",)),
}


def make_distribution(spec: Any) -> Distribution:
    """Build a distribution from a spec mapping such as ``{dist: lognormal, mean: 4, sd: 1.5}``.

    A bare number is a constant. Raises :class:`DistributionError` naming the bad parameter.
    """
    if isinstance(spec, Distribution):
        return spec
    if isinstance(spec, bool):
        raise DistributionError("scn_dist_yes_no")
    if isinstance(spec, (int, float)):
        if not abs(spec) <= MAX_PARAMETER:  # NaN, inf and 1e308 too
            raise DistributionError(
                "sec_props_dist_too_large",
                kind="constant",
                p="value",
                value=spec,
                most=MAX_PARAMETER,
            )
        return Constant(float(spec))
    if not isinstance(spec, dict):
        raise DistributionError("scn_dist_not_mapping", spec=spec)
    kind = spec.get("dist")
    if not isinstance(kind, str) or kind not in KNOWN_DISTRIBUTIONS:  # `dist: {}` is no name
        allowed = ", ".join(sorted(KNOWN_DISTRIBUTIONS))
        raise DistributionError("scn_dist_unknown", kind=kind, allowed=allowed)
    cls, params = KNOWN_DISTRIBUTIONS[kind]
    extra = sorted(set(spec) - set(params) - {"dist", "source"})
    if extra:
        raise DistributionError(
            "scn_dist_unexpected", kind=kind, params=", ".join(params), extra=", ".join(extra)
        )
    missing = [p for p in params if p not in spec]
    if missing:
        raise DistributionError(
            "scn_dist_missing", kind=kind, params=", ".join(params), missing=", ".join(missing)
        )
    args: list[Any] = []
    for p in params:
        value = spec[p]
        if p == "values":
            if not isinstance(value, (list, tuple)) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in value
            ):
                raise DistributionError("scn_dist_values")
            if any(not abs(v) <= MAX_PARAMETER for v in value):  # NaN and inf too
                raise DistributionError(
                    "sec_props_dist_too_large", kind=kind, p=p, value=value, most=MAX_PARAMETER
                )
            args.append(tuple(float(v) for v in value))
        else:
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise DistributionError("scn_dist_param_number", kind=kind, p=p, value=value)
            if isinstance(value, int) and abs(value) > sys.float_info.max:  # 1e400 written out
                raise DistributionError("scn_dist_param_finite", kind=kind, p=p, value=value)
            if not math.isfinite(value):
                raise DistributionError("scn_dist_param_finite", kind=kind, p=p, value=value)
            if abs(value) > MAX_PARAMETER:
                raise DistributionError(
                    "sec_props_dist_too_large", kind=kind, p=p, value=value, most=MAX_PARAMETER
                )
            args.append(float(value))
    return cls(*args)


def _positive(name: str, value: float) -> None:
    if not value > 0:
        raise DistributionError("scn_dist_positive", name=name, value=value)


def _spread(mean: float, sd: float, lowest: float) -> None:
    """``sd / mean`` within ``[lowest, MAX_SPREAD]`` (both already checked to be numbers > 0)."""
    if not lowest * mean <= sd <= MAX_SPREAD * mean:
        raise DistributionError(
            "sec_props_dist_spread", sd=sd, mean=mean, low=lowest, high=MAX_SPREAD
        )


def _non_negative(name: str, value: float) -> None:
    if not value >= 0:
        raise DistributionError("scn_dist_non_negative", name=name, value=value)
