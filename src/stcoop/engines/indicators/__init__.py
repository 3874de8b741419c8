"""Indicator engine: declarative indicator definitions compiled to Ibis, run on DuckDB,
PostgreSQL or Spark, incremental recomputation, composite evaluation (normalisation,
manual/AHP/entropy weights, ranking, tiers, contributions, sensitivity) and rules for
dynamic adjustment that produce proposals. No Django here."""

from .compile import CompileError, compile_indicator, period_label
from .composite import (
    Contribution,
    EntityScore,
    Evaluation,
    EvaluationError,
    Sensitivity,
    evaluate,
    normalise,
    weight_sensitivity,
)
from .definitions import (
    ENTITIES,
    PERIODS,
    Computation,
    Filter,
    IndicatorDefinition,
    Schema,
    TableSchema,
)
from .execute import ComputeResult, IndicatorValue, compute, ibis_tables
from .rules import EvaluationRecord, Proposal, Rule, RuleError, evaluate_rules, parse_rules
from .validation import (
    DefinitionError,
    load_definitions,
    parse_definitions,
    read_definitions_file,
)
from .weights import AhpWeights, WeightError, Weights, ahp_weights, entropy_weights, manual_weights

__all__ = [
    "ENTITIES",
    "PERIODS",
    "AhpWeights",
    "CompileError",
    "Computation",
    "ComputeResult",
    "Contribution",
    "DefinitionError",
    "EntityScore",
    "Evaluation",
    "EvaluationError",
    "EvaluationRecord",
    "Filter",
    "IndicatorDefinition",
    "IndicatorValue",
    "Proposal",
    "Rule",
    "RuleError",
    "Schema",
    "Sensitivity",
    "TableSchema",
    "WeightError",
    "Weights",
    "ahp_weights",
    "compile_indicator",
    "compute",
    "entropy_weights",
    "evaluate",
    "evaluate_rules",
    "ibis_tables",
    "load_definitions",
    "manual_weights",
    "normalise",
    "parse_definitions",
    "parse_rules",
    "period_label",
    "read_definitions_file",
    "weight_sensitivity",
]
