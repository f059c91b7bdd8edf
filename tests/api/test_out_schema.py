"""OutSchema reads an object once and gives what ninja's Schema gives for the same fields."""

from types import SimpleNamespace

from ninja import Field, Schema

from api.schemas import OutSchema


def _with_fields(name: str, base: type) -> type:
    """The same fields and label resolver on `base`: ours and ninja's meet the same test."""
    return type(
        name,
        (base,),
        {
            "__module__": __name__,
            "__annotations__": {"name": str, "label": str, "size": int, "tags": list[str]},
            "size": 3,
            "tags": Field(description="Called when callable, as ninja does."),
            "resolve_label": staticmethod(lambda obj: obj.name.upper()),
        },
    )


_Ninja = _with_fields("_Ninja", Schema)
_Ours = _with_fields("_Ours", OutSchema)


def test_out_schema_validates_an_object_as_ninjas_schema_does():
    obj = SimpleNamespace(name="accord", tags=lambda: ["a", "b"])

    assert _Ours.model_validate(obj).model_dump() == _Ninja.model_validate(obj).model_dump()
    assert _Ours.model_validate(obj).model_dump() == {
        "name": "accord",
        "label": "ACCORD",
        "size": 3,
        "tags": ["a", "b"],
    }


def test_out_schema_documents_the_same_json_schema_as_ninjas():
    ours = _Ours.model_json_schema()
    ninja = _Ninja.model_json_schema()
    assert {**ours, "title": ""} == {**ninja, "title": ""}


def test_out_schema_accepts_a_dict_unchanged():
    assert _Ours.model_validate({"name": "x", "label": "y", "tags": []}).label == "y"
