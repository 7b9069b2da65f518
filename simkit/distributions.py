"""Duration and arrival distributions built from declarative specs.

A scenario file writes a duration as a small mapping, for example
``{dist: lognormal, mean: 4.0, sd: 1.5}``. :func:`make_distribution` turns that mapping into a
value object with ``sample(rng, n)`` and ``mean``; nothing is ever evaluated from a string.
All values are minutes unless the field name says otherwise (``*_s`` fields are seconds).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

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


class DistributionError(ValueError):
    """A distribution spec that cannot be built; the message says which parameter and why.

    ``str(err)`` is English; ``err.text_id`` says the same in Bahasa Indonesia.
    """

    def __init__(self, en: str, id_: str | None = None):
        super().__init__(en)
        self.text_id = id_ or en


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
                f"triangular needs low <= mode <= high, got {self.low}, {self.mode}, {self.high}",
                f"triangular perlu low <= mode <= high, sekarang {self.low}, {self.mode},"
                f" {self.high}",
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
            raise DistributionError(
                "empirical needs at least one value", "empirical perlu setidaknya satu nilai"
            )
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
        raise DistributionError(
            "a duration must be a number or a {dist: ...} mapping, not yes/no",
            "durasi harus angka atau pemetaan {dist: ...}, bukan ya/tidak",
        )
    if isinstance(spec, (int, float)):
        return Constant(float(spec))
    if not isinstance(spec, dict):
        raise DistributionError(
            f"a duration must be a number or a mapping like {{dist: lognormal, mean: 4, sd: 1.5}},"
            f" got {spec!r}",
            f"durasi harus angka atau pemetaan seperti {{dist: lognormal, mean: 4, sd: 1.5}},"
            f" sekarang {spec!r}",
        )
    kind = spec.get("dist")
    if kind not in KNOWN_DISTRIBUTIONS:
        allowed = ", ".join(sorted(KNOWN_DISTRIBUTIONS))
        raise DistributionError(
            f"unknown distribution {kind!r}; allowed: {allowed}",
            f"sebaran {kind!r} tidak dikenal; yang boleh: {allowed}",
        )
    cls, params = KNOWN_DISTRIBUTIONS[kind]
    extra = sorted(set(spec) - set(params) - {"dist", "source"})
    if extra:
        raise DistributionError(
            f"{kind} takes {', '.join(params)}; unexpected: {', '.join(extra)}",
            f"{kind} memakai {', '.join(params)}; tidak dikenal: {', '.join(extra)}",
        )
    missing = [p for p in params if p not in spec]
    if missing:
        raise DistributionError(
            f"{kind} needs {', '.join(params)}; missing: {', '.join(missing)}",
            f"{kind} perlu {', '.join(params)}; belum ada: {', '.join(missing)}",
        )
    args: list[Any] = []
    for p in params:
        value = spec[p]
        if p == "values":
            if not isinstance(value, (list, tuple)) or not all(
                isinstance(v, (int, float)) and not isinstance(v, bool) for v in value
            ):
                raise DistributionError(
                    "empirical values must be a list of numbers",
                    "values pada empirical harus daftar angka",
                )
            args.append(tuple(float(v) for v in value))
        else:
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise DistributionError(
                    f"{kind} parameter {p} must be a number, got {value!r}",
                    f"parameter {p} pada {kind} harus angka, sekarang {value!r}",
                )
            if not math.isfinite(value):
                raise DistributionError(
                    f"{kind} parameter {p} must be finite, got {value!r}",
                    f"parameter {p} pada {kind} harus bilangan terhingga, sekarang {value!r}",
                )
            args.append(float(value))
    return cls(*args)


def _positive(name: str, value: float) -> None:
    if not value > 0:
        raise DistributionError(
            f"{name} must be greater than 0, got {value}",
            f"{name} harus lebih dari 0, sekarang {value}",
        )


def _non_negative(name: str, value: float) -> None:
    if not value >= 0:
        raise DistributionError(
            f"{name} must be 0 or more, got {value}", f"{name} harus 0 atau lebih, sekarang {value}"
        )
