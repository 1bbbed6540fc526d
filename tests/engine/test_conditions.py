"""The condition/expression language: parsing, checking, evaluating, compiling."""

from __future__ import annotations

import pickle
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from math import trunc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine.conditions import (
    KEYWORDS,
    MAX_DEPTH,
    MAX_INT,
    Binary,
    Bool,
    Call,
    CheckEnv,
    Expr,
    ExprError,
    Int,
    Name,
    Unary,
    check,
    chosen_decisions,
    compile_expr,
    evaluate,
    int_literals,
    names,
    parse,
    unparse,
    visited_scenes,
)

ENV = CheckEnv(
    variables={"hunger": "int", "solidarity": "int", "party_card": "bool", "arrested": "bool"},
    scenes=frozenset({"ration_queue", "metal_conference"}),
    roles=frozenset({"metalworker", "student"}),
    decisions={"dp_tax_in_kind": frozenset({"vote_for", "vote_against"})},
)
INT_VARS = ("hunger", "solidarity")
BOOL_VARS = ("party_card", "arrested")


@dataclass
class FakeContext:
    values: dict[str, int | bool] = field(
        default_factory=lambda: {"hunger": 6, "solidarity": 3, "party_card": False, "arrested": True}
    )
    visit_counts: dict[str, int] = field(default_factory=lambda: {"ration_queue": 2})
    chosen: set[tuple[str, str]] = field(default_factory=lambda: {("dp_tax_in_kind", "vote_for")})
    role: str = "metalworker"
    reads: list[str] = field(default_factory=list)

    def value(self, name: str) -> int | bool:
        self.reads.append(name)
        return self.values[name]  # an unknown name fails the test with KeyError

    def visits(self, scene: str) -> int:
        return self.visit_counts.get(scene, 0)

    def chose(self, decision: str, choice: str) -> bool:
        return (decision, choice) in self.chosen


def strip(expr: Expr) -> Expr:
    """The same tree with every offset zeroed, for comparisons 'modulo offsets'."""
    if isinstance(expr, Int):
        return Int(expr.value)
    if isinstance(expr, Bool):
        return Bool(expr.value)
    if isinstance(expr, Name):
        return Name(expr.name)
    if isinstance(expr, Unary):
        return Unary(expr.op, strip(expr.operand), 0)
    if isinstance(expr, Binary):
        return Binary(expr.op, strip(expr.left), strip(expr.right), 0)
    return Call(expr.func, expr.args, (), 0)


def error_of(text: str) -> tuple[str, int, str | None]:
    with pytest.raises(ExprError) as info:
        parse(text)
    return info.value.message, info.value.offset, info.value.hint


def problems(text: str, want: str | None) -> list[tuple[str, int, str | None]]:
    return [(p.message, p.offset, p.hint) for p in check(parse(text), ENV, want)]


# ----------------------------------------------------------------- parse + evaluate

EVALUATIONS: list[tuple[str, int | bool]] = [
    # literals and names
    ("12", 12),
    ("0", 0),
    ("true", True),
    ("false", False),
    ("hunger", 6),
    ("party_card", False),
    # precedence and associativity
    ("1 + 2 * 3", 7),
    ("(1 + 2) * 3", 9),
    ("2 * 3 % 4", 2),
    ("10 - 3 - 2", 5),
    ("100 / 10 / 5", 2),
    ("2 * -3", -6),
    ("-2 * 3", -6),
    ("- -3", 3),
    ("--3", 3),
    ("-(2 + 3)", -5),
    ("-hunger + 1", -5),
    ("1 + 2 < 4", True),
    ("hunger - 2 * 2 == 2", True),
    ("not false and false", False),
    ("true or false and false", True),
    ("not hunger > 7", True),
    ("not not true", True),
    ("(true or false) and false", False),
    # truncating division and matching remainder
    ("7 / 2", 3),
    ("-7 / 2", -3),
    ("7 / -2", -3),
    ("-7 / -2", 3),
    ("7 % 3", 1),
    ("-7 % 2", -1),
    ("7 % -2", 1),
    ("-7 % -2", -1),
    ("5 / 0", 0),
    ("5 % 0", 0),
    ("hunger / (solidarity - 3)", 0),
    # every comparison
    ("hunger == 6", True),
    ("hunger != 6", False),
    ("hunger < 6", False),
    ("hunger <= 6", True),
    ("hunger > 5", True),
    ("hunger >= 7", False),
    ("party_card == false", True),
    ("party_card != arrested", True),
    ("(1 < 2) == true", True),
    # combining
    ("party_card or solidarity < 3", False),
    ("party_card or solidarity <= 3", True),
    ("arrested and hunger > 5", True),
    ("not party_card", True),
    # calls
    ("visited(ration_queue)", 2),
    ("visited(metal_conference)", 0),
    ("visited(ration_queue) * 10 + 1", 21),
    ("chose(dp_tax_in_kind, vote_for)", True),
    ("chose(dp_tax_in_kind, vote_against)", False),
    ("role(metalworker)", True),
    ("role(student)", False),
    ("  role ( metalworker )  ", True),
    ("not role(student) and visited(ration_queue) >= 2", True),
]


@pytest.mark.parametrize(("text", "expected"), EVALUATIONS)
def test_evaluate(text: str, expected: int | bool) -> None:
    expr = parse(text)
    result = evaluate(expr, FakeContext())
    assert result == expected
    assert type(result) is type(expected)  # a comparison gives a bool, arithmetic an int
    compiled = compile_expr(expr)(FakeContext())
    assert compiled == expected
    assert type(compiled) is type(expected)


TREES: list[tuple[str, Expr]] = [
    ("1 + 2 * 3", Binary("+", Int(1, 0), Binary("*", Int(2, 4), Int(3, 8), 6), 2)),
    ("a - b - c", Binary("-", Binary("-", Name("a", 0), Name("b", 4), 2), Name("c", 8), 6)),
    ("not a and b", Binary("and", Unary("not", Name("a", 4), 0), Name("b", 10), 6)),
    ("not a < 1", Unary("not", Binary("<", Name("a", 4), Int(1, 8), 6), 0)),
    ("a or b and c", Binary("or", Name("a", 0), Binary("and", Name("b", 5), Name("c", 11), 7), 2)),
    ("-5", Int(-5, 0)),
    ("- 5", Int(-5, 0)),
    ("-(5)", Unary("-", Int(5, 2), 0)),
    ("--5", Unary("-", Int(-5, 1), 0)),
    ("-x * 2", Binary("*", Unary("-", Name("x", 1), 0), Int(2, 5), 3)),
    ("((x))", Name("x", 2)),
    ("chose(d, c)", Call("chose", ("d", "c"), (6, 9), 0)),
    ("visited()", Call("visited", (), (), 0)),
    ("_x1 == true", Binary("==", Name("_x1", 0), Bool(True, 7), 4)),
    ("007", Int(7, 0)),
    (str(MAX_INT), Int(MAX_INT, 0)),
    ("not(x)", Unary("not", Name("x", 4), 0)),
    ("a\n  and\tb", Binary("and", Name("a", 0), Name("b", 8), 4)),
]


@pytest.mark.parametrize(("text", "tree"), TREES)
def test_parse_tree_and_offsets(text: str, tree: Expr) -> None:
    assert parse(text) == tree


# ------------------------------------------------------------------- short-circuit


class Boom(Exception):
    pass


class ExplodingContext(FakeContext):
    def value(self, name: str) -> int | bool:
        if name == "boom":
            raise Boom(name)
        return super().value(name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("false and boom", False),
        ("true or boom", True),
        ("party_card and boom", False),
        ("arrested or boom", True),
    ],
)
def test_and_or_short_circuit(text: str, expected: bool) -> None:
    expr = parse(text)
    assert evaluate(expr, ExplodingContext()) is expected
    assert compile_expr(expr)(ExplodingContext()) is expected


@pytest.mark.parametrize("text", ["true and boom", "false or boom"])
def test_and_or_evaluate_the_right_side_when_needed(text: str) -> None:
    expr = parse(text)
    with pytest.raises(Boom):
        evaluate(expr, ExplodingContext())
    with pytest.raises(Boom):
        compile_expr(expr)(ExplodingContext())


def test_and_or_return_bools_even_on_numbers() -> None:
    # Unchecked trees still give booleans from 'and' / 'or' / 'not'.
    cases: list[tuple[Expr, bool]] = [
        (Binary("and", Int(1), Int(2)), True),
        (Binary("or", Int(0), Int(0)), False),
        (Unary("not", Int(3)), False),
    ]
    for expr, expected in cases:
        assert evaluate(expr, FakeContext()) is expected
        assert compile_expr(expr)(FakeContext()) is expected


@given(st.integers(-(10**12), 10**12), st.integers(-(10**12), 10**12))
def test_division_truncates_and_remainder_matches(a: int, b: int) -> None:
    quotient = evaluate(Binary("/", Int(a), Int(b)), FakeContext())
    remainder = evaluate(Binary("%", Int(a), Int(b)), FakeContext())
    if b == 0:
        assert (quotient, remainder) == (0, 0)
        return
    assert quotient == trunc(Fraction(a, b))
    assert a == quotient * b + remainder
    assert abs(remainder) < abs(b)
    assert remainder == 0 or (remainder < 0) == (a < 0)


def test_unknown_function_raises_expr_error_at_evaluation() -> None:
    for expr in [Call("nope", ("x",), (3,), 0), Call("visited", (), (), 0)]:
        with pytest.raises(ExprError):
            evaluate(expr, FakeContext())
        compiled = compile_expr(expr)  # compiling succeeds; running it fails the same way
        with pytest.raises(ExprError):
            compiled(FakeContext())


# -------------------------------------------------------------------------- check

CHECKS: list[tuple[str, str | None, list[tuple[str, int, str | None]]]] = [
    ("party_card or solidarity < 3", "bool", []),
    ("hunger - 2", "int", []),
    ("true", "bool", []),
    ("hunger == 6 and (party_card == arrested)", "bool", []),
    ("visited(ration_queue) > 0 or chose(dp_tax_in_kind, vote_for) or role(student)", "bool", []),
    ("hunger + 1", None, []),
    ("solidarty > 1", "bool", [("unknown variable 'solidarty'", 0, "did you mean 'solidarity'?")]),
    ("zzz", None, [("unknown variable 'zzz'", 0, None)]),
    (
        "metal_conference",
        "bool",
        [
            (
                "unknown variable 'metal_conference'",
                0,
                "'metal_conference' is a scene: to count visits to it, write visited(metal_conference)",
            )
        ],
    ),
    ("student", "bool", [("unknown variable 'student'", 0, "'student' is a role: write role(student)")]),
    (
        "dp_tax_in_kind",
        "bool",
        [
            (
                "unknown variable 'dp_tax_in_kind'",
                0,
                "'dp_tax_in_kind' is a decision: write chose(dp_tax_in_kind, choice_id)",
            )
        ],
    ),
    (
        "visited > 0",
        "bool",
        [("unknown variable 'visited'", 0, "visited needs brackets and ids, e.g. visited(metal_conference)")],
    ),
    ("hunger", "bool", [("'hunger' is a number; compare it, e.g. hunger > 0", 0, None)]),
    ("not hunger", "bool", [("'hunger' is a number; compare it, e.g. hunger > 0", 4, None)]),
    ("party_card and hunger", "bool", [("'hunger' is a number; compare it, e.g. hunger > 0", 15, None)]),
    ("hunger + 1", "bool", [("'hunger + 1' is a number; compare it, e.g. hunger + 1 > 0", 0, None)]),
    ("party_card", "int", [("'party_card' is true/false, but a number is needed here", 0, None)]),
    ("hunger > 1", "int", [("'hunger > 1' is true/false, but a number is needed here", 0, None)]),
    (
        "hunger + party_card",
        None,
        [("'party_card' is true/false, not a number", 9, "'+' works on numbers only")],
    ),
    (
        "party_card < 3",
        "bool",
        [("'party_card' is true/false, not a number", 0, "'<' works on numbers only")],
    ),
    ("-arrested", None, [("'arrested' is true/false, not a number", 1, "'-' works on numbers only")]),
    (
        "(hunger > 1) * 2",
        "int",
        [("'hunger > 1' is true/false, not a number", 1, "'*' works on numbers only")],
    ),
    (
        "hunger == party_card",
        "bool",
        [
            (
                "'==' compares a number with true/false",
                7,
                "'hunger' is a number but 'party_card' is true/false",
            )
        ],
    ),
    (
        "true != 1",
        "bool",
        [("'!=' compares a number with true/false", 5, "'true' is true/false but '1' is a number")],
    ),
    (
        "visited(metal_conferense) > 0",
        "bool",
        [("unknown scene 'metal_conferense'", 8, "did you mean 'metal_conference'?")],
    ),
    (
        "chose(dp_tax_in_knd, vote_for)",
        "bool",
        [("unknown decision 'dp_tax_in_knd'", 6, "did you mean 'dp_tax_in_kind'?")],
    ),
    (
        "chose(dp_tax_in_kind, vote_fr)",
        "bool",
        [("'vote_fr' is not a choice at decision 'dp_tax_in_kind'", 22, "did you mean 'vote_for'?")],
    ),
    (
        "chose(dp_tax_in_kind, abstain)",
        "bool",
        [
            (
                "'abstain' is not a choice at decision 'dp_tax_in_kind'",
                22,
                "its choices are: vote_against, vote_for",
            )
        ],
    ),
    ("role(metalworkr)", "bool", [("unknown role 'metalworkr'", 5, "did you mean 'metalworker'?")]),
    (
        "visited(ration_queue, metal_conference) > 0",
        "bool",
        [("visited() takes 1 id (scene), got 2", 0, "e.g. visited(metal_conference)")],
    ),
    (
        "chose(dp_tax_in_kind)",
        "bool",
        [("chose() takes 2 ids (decision, choice), got 1", 0, "e.g. chose(dp_tax_in_kind, vote_for)")],
    ),
    ("role()", "bool", [("role() takes 1 id (role), got 0", 0, "e.g. role(metalworker)")]),
    ("visted(ration_queue) > 0", "bool", [("unknown function 'visted'", 0, "did you mean 'visited'?")]),
    (
        "hunger(ration_queue)",
        None,
        [("unknown function 'hunger'", 0, "'hunger' is a variable, not a function")],
    ),
    ("zap(x)", None, [("unknown function 'zap'", 0, "the functions are visited, chose and role")]),
    # unknown things do not cascade into type errors
    ("nope + 1 > 0", "bool", [("unknown variable 'nope'", 0, None)]),
    ("zap(x) and true", "bool", [("unknown function 'zap'", 0, "the functions are visited, chose and role")]),
    # every problem is reported, in text order
    (
        "role(nobody) or solidarty > 1 and hunger",
        "bool",
        [
            ("unknown role 'nobody'", 5, None),
            ("unknown variable 'solidarty'", 16, "did you mean 'solidarity'?"),
            ("'hunger' is a number; compare it, e.g. hunger > 0", 34, None),
        ],
    ),
]


@pytest.mark.parametrize(("text", "want", "expected"), CHECKS)
def test_check(text: str, want: str | None, expected: list[tuple[str, int, str | None]]) -> None:
    assert problems(text, want) == expected


def test_check_with_want_none_accepts_both_types() -> None:
    assert problems("hunger", None) == []
    assert problems("party_card", None) == []
    assert problems("hunger", "int") == []
    assert problems("party_card", "bool") == []


# --------------------------------------------------------------------- syntax errors

QUOTES_HINT = "name scenes, choices and roles by their bare ids, e.g. visited(metal_conference)"
BARE_IDS = "ids are written bare, e.g. visited(metal_conference)"
SYNTAX_ERRORS: list[tuple[str, str, int, str | None]] = [
    ("", "empty expression", 0, "write a condition or a value, e.g. hunger > 5"),
    ("   ", "empty expression", 3, "write a condition or a value, e.g. hunger > 5"),
    ("hunger = 3", "unexpected '='", 7, "use '==' to compare"),
    ("a && b", "unexpected '&&'", 2, "write 'and'"),
    ("a & b", "unexpected '&'", 2, "write 'and'"),
    ("a || b", "unexpected '||'", 2, "write 'or'"),
    ("a | b", "unexpected '|'", 2, "write 'or'"),
    ("!a", "unexpected '!'", 0, "write 'not'"),
    ("a => 1", "unexpected '=>'", 2, "write '>='"),
    ("a =< 1", "unexpected '=<'", 2, "write '<='"),
    ("a <> 1", "unexpected '<>'", 2, "write '!='"),
    ("a ** 2", "unexpected '**'", 2, "there is no power operator; multiply instead, e.g. x * x"),
    ("a // 2", "unexpected '//'", 2, "'/' already divides and rounds toward zero"),
    ("a +", "expected a value after '+'", 3, None),
    ("a + )", "expected a value after '+', found ')'", 4, None),
    ("a and or b", "expected a value after 'and', found 'or'", 6, None),
    ("and", "expected a value, found 'and'", 0, None),
    ("1 + not x", "expected a value after '+', found 'not'", 4, "put 'not ...' in brackets: (not ...)"),
    ("a == not b", "expected a value after '==', found 'not'", 5, "put 'not ...' in brackets: (not ...)"),
    ("-not x", "expected a value after '-', found 'not'", 1, "put 'not ...' in brackets: (not ...)"),
    ("not", "expected a value after 'not'", 3, None),
    ("()", "expected a value after '(', found ')'", 1, None),
    ("(a + 1", "unclosed '('", 0, "add ')' to close it"),
    ("x and (a or (b)", "unclosed '('", 6, "add ')' to close it"),
    ("(a b)", "expected ')' or an operator before 'b'", 3, None),
    ("a)", "unexpected ')'", 1, "there is no '(' for it to close"),
    ("a b", "expected an operator before 'b'", 2, "join conditions with 'and' or 'or'"),
    ("true(x)", "expected an operator before '('", 4, "join conditions with 'and' or 'or'"),
    ("a < b < c", "comparisons cannot be chained", 6, "write 'a < b and b < c'"),
    ("1 == x + 1 != 3", "comparisons cannot be chained", 11, "write '1 == x + 1 and x + 1 != 3'"),
    ("Hunger > 1", "names are written in lower case", 0, "write 'hunger'"),
    ("a AND b", "names are written in lower case", 2, "write 'and'"),
    ("12abc", "'12abc' is not a number or a name", 0, "names start with a letter or '_'"),
    ("x > 1.5", "only whole numbers are allowed", 4, None),
    (str(MAX_INT + 1), f"number too large: the limit is {MAX_INT}", 0, None),
    ("1" * 5000, f"number too large: the limit is {MAX_INT}", 0, None),
    ("role('x')", "quotes are not used in conditions", 5, QUOTES_HINT),
    ("[a]", "unexpected '['", 0, "group with '(' and ')'"),
    ("a ; b", "unexpected character ';'", 2, None),
    ("a\x00", "unexpected character '\\x00'", 1, None),
    ("é", "unexpected character 'é'", 0, None),
    ("visited(1)", "expected an id in visited(...), found '1'", 8, BARE_IDS),
    ("zap(1)", "expected an id in zap(...), found '1'", 4, None),
    ("visited(a,)", "expected an id in visited(...), found ')'", 10, BARE_IDS),
    ("role(true)", "'true' is a reserved word, not an id", 5, None),
    ("visited(a b)", "expected ',' or ')' after 'a', found 'b'", 10, None),
    ("visited(a", "unclosed '('", 7, "add ')' to close it"),
    ("chose(a,", "unclosed '('", 5, "add ')' to close it"),
]


@pytest.mark.parametrize(("text", "message", "offset", "hint"), SYNTAX_ERRORS)
def test_syntax_error(text: str, message: str, offset: int, hint: str | None) -> None:
    got_message, got_offset, got_hint = error_of(text)
    assert (got_message, got_offset, got_hint) == (message, offset, hint)


def test_expr_error_fields_str_and_pickle() -> None:
    error = ExprError("unexpected '='", 7, "use '==' to compare")
    assert (error.message, error.offset, error.hint) == ("unexpected '='", 7, "use '==' to compare")
    assert str(error) == "unexpected '=' (use '==' to compare)"
    assert str(ExprError("empty", 0)) == "empty"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.offset, copy.hint) == (error.message, error.offset, error.hint)


# ------------------------------------------------------------------------- nesting

DEEP = 100_000
DEEP_TEXTS = {
    "brackets": "(" * DEEP + "1" + ")" * DEEP,
    "unclosed brackets": "(" * DEEP,
    "nots": "not " * DEEP + "x",
    "minuses": "-" * DEEP + "1",
    "bracketed minuses": "-(" * DEEP + "1" + ")" * DEEP,
    "sum chain": "1" + " + 1" * DEEP,
    "or chain": "x" + " or x" * DEEP,
    "not brackets": "not (" * DEEP + "x" + ")" * DEEP,
}


@pytest.mark.parametrize("text", DEEP_TEXTS.values(), ids=DEEP_TEXTS.keys())
def test_deep_nesting_is_an_expr_error(text: str) -> None:
    message, offset, _ = error_of(text)
    assert message == f"expression is nested too deeply (more than {MAX_DEPTH} levels)"
    assert 0 <= offset < len(text)


def test_nesting_up_to_the_limit_is_fine() -> None:
    assert parse("(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH) == Int(1, MAX_DEPTH)
    assert error_of("(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1))[1] == MAX_DEPTH
    assert evaluate(parse("not " * (MAX_DEPTH - 1) + "true"), FakeContext()) is (MAX_DEPTH % 2 == 1)
    assert error_of("not " * MAX_DEPTH + "true")[0].startswith("expression is nested too deeply")
    assert evaluate(parse("1" + " + 1" * (MAX_DEPTH - 1)), FakeContext()) == MAX_DEPTH
    assert error_of("1" + " + 1" * MAX_DEPTH)[0].startswith("expression is nested too deeply")


def _frames() -> int:
    frame, count = sys._getframe(), 0
    while frame is not None:
        frame, count = frame.f_back, count + 1  # type: ignore[assignment]
    return count


def test_worst_case_nesting_needs_little_stack() -> None:
    # Brackets that each also open a new precedence level cost the parser the most frames.
    levels = ["a or (", "a and (", "a == (", "1 + (", "2 * (", "-("]
    depth = MAX_DEPTH // 2
    text = "".join(levels[i % len(levels)] for i in range(depth)) + "1" + ")" * depth
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(_frames() + 60 + 5 * depth)
    try:
        expr = parse(text)
        check(expr, ENV, None)
        unparse(expr)
        ctx = FakeContext(values={"a": 1})
        assert evaluate(expr, ctx) == compile_expr(expr)(ctx)
    finally:
        sys.setrecursionlimit(old)


# ------------------------------------------------------------------------ unparse

UNPARSED = [
    ("(a + b) * c", "(a + b) * c"),
    ("a + (b * c)", "a + b * c"),
    ("(a - b) - c", "a - b - c"),
    ("a - (b - c)", "a - (b - c)"),
    ("a / (b / c)", "a / (b / c)"),
    ("not (a and b)", "not (a and b)"),
    ("(not a) and b", "not a and b"),
    ("(not a) == b", "(not a) == b"),
    ("not (a == b)", "not a == b"),
    ("(a < b) == c", "(a < b) == c"),
    ("a == (b < c)", "a == (b < c)"),
    ("(a or b) and c", "(a or b) and c"),
    ("a or (b and c)", "a or b and c"),
    ("-(5)", "-(5)"),
    ("- 5", "-5"),
    ("-(-5)", "--5"),
    ("-(a + 1)", "-(a + 1)"),
    ("-(-a)", "--a"),
    ("-(not a)", "-(not a)"),
    ("not -a", "not -a"),
    ("not not a", "not not a"),
    ("a - -5", "a - -5"),
    ("chose( d ,c )", "chose(d, c)"),
    ("true==false", "true == false"),
]


@pytest.mark.parametrize(("text", "canonical"), UNPARSED)
def test_unparse_is_canonical(text: str, canonical: str) -> None:
    assert unparse(parse(text)) == canonical


# ----------------------------------------------------------------- tree queries


def test_tree_queries() -> None:
    expr = parse(
        "hunger > -3 and (visited(ration_queue) + visited(metal_conference) * 2 > solidarity)"
        " or chose(dp_tax_in_kind, vote_for) or not party_card and role(student) or 3 == hunger"
    )
    assert names(expr) == {"hunger", "solidarity", "party_card"}
    assert visited_scenes(expr) == {"ration_queue", "metal_conference"}
    assert chosen_decisions(expr) == {"dp_tax_in_kind"}
    assert int_literals(expr) == {-3, 2, 3}
    assert names(parse("1")) == frozenset()
    assert visited_scenes(Call("visited", (), ())) == frozenset()


# ------------------------------------------------------------------- hypothesis

IDENT = st.from_regex(r"[a-z_][a-z0-9_]{0,5}", fullmatch=True).filter(lambda s: s not in KEYWORDS)
ALL_OPS = ("or", "and", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%")


def any_tree(depth: int) -> st.SearchStrategy[Expr]:
    """Any tree the parser could produce: any shape, any names, ill-typed too."""
    leaves: st.SearchStrategy[Expr] = st.one_of(
        st.builds(Int, st.integers(-MAX_INT, MAX_INT)),
        st.builds(Bool, st.booleans()),
        st.builds(Name, IDENT),
        st.builds(Call, IDENT, st.lists(IDENT, max_size=3).map(tuple)),
    )
    if depth == 0:
        return leaves
    sub = any_tree(depth - 1)
    return st.one_of(
        leaves,
        st.builds(Unary, st.sampled_from(("not", "-")), sub),
        st.builds(Binary, st.sampled_from(ALL_OPS), sub, sub),
    )


def typed_tree(kind: str, depth: int) -> st.SearchStrategy[Expr]:
    """A well-typed tree of type ``kind`` over ENV."""
    if kind == "int":
        leaves: st.SearchStrategy[Expr] = st.one_of(
            st.builds(Int, st.integers(-50, 50)),
            st.builds(Name, st.sampled_from(INT_VARS)),
            st.builds(Call, st.just("visited"), st.sampled_from(sorted(ENV.scenes)).map(lambda s: (s,))),
        )
    else:
        leaves = st.one_of(
            st.builds(Bool, st.booleans()),
            st.builds(Name, st.sampled_from(BOOL_VARS)),
            st.builds(
                Call,
                st.just("chose"),
                st.sampled_from(["vote_for", "vote_against"]).map(lambda c: ("dp_tax_in_kind", c)),
            ),
            st.builds(Call, st.just("role"), st.sampled_from(sorted(ENV.roles)).map(lambda r: (r,))),
        )
    if depth == 0:
        return leaves
    ints, bools = typed_tree("int", depth - 1), typed_tree("bool", depth - 1)
    if kind == "int":
        return st.one_of(
            leaves,
            st.builds(Unary, st.just("-"), ints),
            st.builds(Binary, st.sampled_from(("+", "-", "*", "/", "%")), ints, ints),
        )
    return st.one_of(
        leaves,
        st.builds(Unary, st.just("not"), bools),
        st.builds(Binary, st.sampled_from(("and", "or")), bools, bools),
        st.builds(Binary, st.sampled_from(("==", "!=", "<", "<=", ">", ">=")), ints, ints),
        st.builds(Binary, st.sampled_from(("==", "!=")), bools, bools),
    )


contexts = st.builds(
    FakeContext,
    values=st.fixed_dictionaries(
        {
            "hunger": st.integers(-20, 20),
            "solidarity": st.integers(-20, 20),
            "party_card": st.booleans(),
            "arrested": st.booleans(),
        }
    ),
    visit_counts=st.dictionaries(st.sampled_from(sorted(ENV.scenes)), st.integers(0, 5)),
    chosen=st.sets(st.sampled_from([("dp_tax_in_kind", "vote_for"), ("dp_tax_in_kind", "vote_against")])),
    role=st.sampled_from(sorted(ENV.roles)),
)


@given(
    st.one_of(
        st.tuples(st.just("int"), typed_tree("int", 4)), st.tuples(st.just("bool"), typed_tree("bool", 4))
    ),
    contexts,
)
def test_well_typed_trees_check_clean_and_compile_agrees(
    kind_and_tree: tuple[str, Expr], ctx: FakeContext
) -> None:
    kind, expr = kind_and_tree
    assert check(expr, ENV, kind) == []
    expected = evaluate(expr, ctx)
    assert type(expected) is (int if kind == "int" else bool)
    got = compile_expr(expr)(ctx)
    assert got == expected
    assert type(got) is type(expected)


mixed_leaf_ops = st.sampled_from(ALL_OPS)


def mixed_tree(depth: int) -> st.SearchStrategy[Expr]:
    """Trees over ENV's names and valid calls, but ignoring types (bools in arithmetic etc.)."""
    leaves = st.one_of(typed_tree("int", 0), typed_tree("bool", 0))
    if depth == 0:
        return leaves
    sub = mixed_tree(depth - 1)
    return st.one_of(
        leaves,
        st.builds(Unary, st.sampled_from(("not", "-")), sub),
        st.builds(Binary, mixed_leaf_ops, sub, sub),
    )


@given(mixed_tree(4), contexts)
def test_compile_agrees_with_evaluate_even_unchecked(expr: Expr, ctx: FakeContext) -> None:
    expected = evaluate(expr, ctx)
    got = compile_expr(expr)(ctx)
    assert got == expected
    assert type(got) is type(expected)
    assert isinstance(check(expr, ENV, "bool"), list)


@given(any_tree(4))
def test_unparse_round_trips(expr: Expr) -> None:
    text = unparse(expr)
    again = parse(text)
    assert strip(again) == strip(expr)
    assert unparse(again) == text


TOKENS = [
    "(", ")", ",", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "=", "!", "&&", "||",
    "and", "or", "not", "true", "false", "hunger", "party_card", "visited", "chose", "role", "x",
    "0", "7", "1000000000", "1000000001", " ", "\n", "A", "'", ".", "5.5", "é",
]  # fmt: skip


def _parses_or_expr_error(text: str) -> None:
    try:
        expr = parse(text)
    except ExprError as error:
        assert 0 <= error.offset <= len(text)
        assert error.message
        return
    # Whatever parses round-trips, checks and evaluates without surprises.
    assert strip(parse(unparse(expr))) == strip(expr)
    for problem in check(expr, ENV, "bool"):
        assert isinstance(problem, ExprError)
        assert 0 <= problem.offset <= len(text)


@given(st.text())
def test_parse_any_text_raises_only_expr_error(text: str) -> None:
    _parses_or_expr_error(text)


@given(st.lists(st.sampled_from(TOKENS), max_size=25), st.sampled_from([" ", ""]))
def test_parse_token_soup_raises_only_expr_error(tokens: list[str], sep: str) -> None:
    _parses_or_expr_error(sep.join(tokens))
