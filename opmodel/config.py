"""Rule thresholds, severity overrides and suppressions, from one TOML file.

The settings live in ``[tool.opmodel]`` of a ``pyproject.toml`` or at the top level of an
``opmodel.toml``::

    [tool.opmodel.thresholds]
    max_consulted = 5

    [tool.opmodel.severity]
    OWN007 = "low"

    [[tool.opmodel.suppressions]]
    rule = "SEAM001"
    fingerprint = "3f1c..."
    reason = "Owned by the regional service board, which is not in this model"

Every mistake (an unknown key, a wrong type, a suppression without a reason, an unknown
rule id) is a ``ConfigError`` whose one-sentence message names the file and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from opmodel.errors import ConfigError

CONFIG_FILES = ("opmodel.toml", "pyproject.toml")


class Severity(StrEnum):
    """How much a finding matters; compares by weight (critical > high > ... > info).

    >>> Severity.HIGH > Severity.MEDIUM, Severity("low") >= Severity.INFO
    (True, True)
    >>> sorted([Severity.LOW, Severity.CRITICAL, Severity.MEDIUM])
    [<Severity.LOW: 'low'>, <Severity.MEDIUM: 'medium'>, <Severity.CRITICAL: 'critical'>]
    """

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """4 for critical down to 0 for info."""
        return _RANK[self.value]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __hash__(self) -> int:
        return hash(self.value)


_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0}


class _Strict(BaseModel):
    # Attribute docstrings become field descriptions, which the docs generator prints.
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Thresholds(_Strict):
    """Numbers the rules compare against; each default is what the rule catalog documents."""

    min_actors: Annotated[int, Field(ge=2)] = 4
    """OWN006, OWN007: a matrix with fewer actors than this is never called overloaded (with
    two or three actors, large shares are the arithmetic, not a queue)."""
    accountable_share: Annotated[float, Field(gt=0, le=1)] = 0.3
    """OWN006: an actor accountable for more than max(this share, accountable_fair_factor /
    actors) of all activities is overloaded."""
    accountable_fair_factor: Annotated[float, Field(ge=1)] = 2.0
    """OWN006: how many times its fair share (1 / actors in the matrix) an actor must own."""
    accountable_min_activities: Annotated[int, Field(ge=1)] = 8
    """OWN006: the share test applies only to models with at least this many activities."""
    accountable_max_count: Annotated[int, Field(ge=1)] | None = None
    """OWN006: also overloaded above this many accountabilities (off unless set)."""
    max_consulted: Annotated[int, Field(ge=0)] = 4
    """OWN007: more consulted parties than max(this, consulted_share x actors) on one activity
    slows the decision."""
    consulted_share: Annotated[float, Field(gt=0, le=1)] = 0.5
    """OWN007: the share of the matrix's actors consulted on one activity that is too many."""
    max_responsible: Annotated[int, Field(ge=1)] = 4
    """OWN009: more responsible parties than this on one activity diffuses responsibility."""
    max_escalation_hops: Annotated[int, Field(ge=1)] = 3
    """ESC005: more hops than this to reach someone who can decide is too deep."""
    bottleneck_betweenness: Annotated[float, Field(gt=0, le=1)] = 0.4
    """STR002: normalised betweenness above this marks a coordination bottleneck."""
    bottleneck_min_teams: Annotated[int, Field(ge=3)] = 5
    """STR002: the handoff graph needs at least this many teams for betweenness to mean much."""
    betweenness_exact_max_teams: Annotated[int, Field(ge=1)] = 1000
    """STR002: above this many teams, betweenness is estimated from a sample of teams."""
    betweenness_sample: Annotated[int, Field(ge=1)] = 200
    """STR002: how many teams the estimate samples (k in networkx)."""
    betweenness_seed: int = 0
    """STR002: the sample's random seed, so runs are repeatable."""
    min_cases: Annotated[int, Field(ge=1)] = 5
    """OBS001: a team pair needs at least this many observed cases to count as a seam."""
    max_pingpong_share: Annotated[float, Field(gt=0, le=1)] = 0.1
    """OBS003: ping-pong in at least this share of the cases crossing a seam flags it."""
    slow_seam_share: Annotated[float, Field(gt=0, le=1)] = 0.2
    """OBS004: without a promise, the slowest this share of observed seams are slow."""


class Suppression(_Strict):
    """An accepted finding: by rule and fingerprint, or by rule and subject; reason required."""

    rule: str
    fingerprint: str | None = None
    subject: str | None = None
    reason: Annotated[str, Field(min_length=1)]

    @model_validator(mode="after")
    def _one_target(self) -> Suppression:
        if not self.reason.strip():
            raise ValueError("reason must not be blank")
        if (self.fingerprint is None) == (self.subject is None):
            raise ValueError("give exactly one of 'fingerprint' or 'subject'")
        return self

    def matches(self, rule: str, fingerprint: str, subjects: Iterable[tuple[str, str]]) -> bool:
        """Whether this suppression covers a finding; ``subjects`` are (id, name) pairs and
        the subject may be given as either (``team:sales`` or ``Sales``)."""
        if rule != self.rule:
            return False
        if self.fingerprint is not None:
            return fingerprint == self.fingerprint
        wanted = " ".join(str(self.subject).casefold().split())
        return any(self.subject == node_id or wanted == " ".join(name.casefold().split())
                   for node_id, name in subjects)


class Config(_Strict):
    """Everything a user can tune; ``Config()`` is the documented default."""

    thresholds: Thresholds = Field(default_factory=Thresholds)
    severity: dict[str, Severity] = Field(default_factory=dict)
    suppressions: tuple[Suppression, ...] = ()
    disable: tuple[str, ...] = ()
    source: Annotated[str, Field(exclude=True)] = ""

    @field_validator("severity", mode="before")
    @classmethod
    def _lower_severities(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: v.strip().lower() if isinstance(v, str) else v for k, v in value.items()}
        return value

    def check_rules(self, known: Iterable[str]) -> None:
        """Raise ConfigError when a severity override, suppression or disable names no rule."""
        ids = set(known)
        where = f"{self.source}: " if self.source else ""
        named = [("severity", r) for r in self.severity] + [
            ("suppressions", s.rule) for s in self.suppressions] + [
            ("disable", r) for r in self.disable]
        for key, rule_id in named:
            if rule_id not in ids:
                raise ConfigError(f"{where}{key} names '{rule_id}', which is not a rule id "
                                  f"(run `opmodel rules` for the catalog).")


def find_config(start: Path) -> Path | None:
    """The nearest opmodel.toml, or pyproject.toml with ``[tool.opmodel]``, at or above start."""
    folder = start if start.is_dir() else start.parent
    for directory in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file() and (name == "opmodel.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "opmodel" in data["tool"]


def load_config(path: Path | str | None = None) -> Config:
    """Read a config file; ``None`` gives the defaults.

    A pyproject.toml is read from its ``[tool.opmodel]`` table (no table: defaults); any
    other file from its top level, or from ``[tool.opmodel]`` when it has one.

    >>> load_config(None).thresholds.max_consulted
    4
    """
    if path is None:
        return Config()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"Cannot read the config file {path}: {exc.strerror or exc}.") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"The config file {path} is not UTF-8 text.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The config file {path} is not valid TOML: {exc}.") from exc
    tool = data.get("tool")
    if isinstance(tool, dict) and "opmodel" in tool:
        table: Any = tool["opmodel"]
        prefix = "tool.opmodel."
    elif path.name == "pyproject.toml":
        table, prefix = {}, "tool.opmodel."
    else:
        table, prefix = data, ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{prefix.rstrip('.')}] must be a table.")
    config = config_from_dict(table, source=str(path), prefix=prefix)
    from opmodel.rules.registry import REGISTRY  # late: the rules import this module

    config.check_rules(REGISTRY)
    return config


def config_from_dict(table: dict[str, Any], source: str = "", prefix: str = "") -> Config:
    """Validate a parsed table into a Config; errors name the offending key."""
    try:
        return Config.model_validate({**table, "source": source})
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        key = prefix + ".".join(str(part) for part in first["loc"])
        where = f"{source}: " if source else ""
        detail = first["msg"]
        if first["type"] == "extra_forbidden":
            detail = "unknown setting"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ConfigError(f"{where}{key}: {detail}{more}.") from exc
