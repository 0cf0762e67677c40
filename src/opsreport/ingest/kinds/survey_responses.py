"""Survey responses: a Kobo / ODK export of a survey form, attached to a survey round.

The columns are not written here: they are built from the instrument (the shipped Flow
Monitoring Survey, or a mission's modified form), so an added question or choice is
imported without a code change. Every shape of a Kobo export is read: bare names or group
paths (``information/main_info_source``), labels in English or Spanish, a
select_multiple as space-separated names and/or one 0/1 column per choice
(``info_sources_route/social_media``), ``_uuid`` as the record's identity and
``_submission_time`` as the date when the form has no interview date.

One response becomes one ``survey_response`` row (the columns every breakdown needs:
date, FMP, province, sex, age, nationality, screening, weight) and one ``survey_answer``
row per answer (one per chosen choice of a multiple choice). Responses screened out (no
consent, already surveyed) are kept and marked, so the round's summary counts them while
no share includes them. Re-importing the same or an overlapping export updates the
responses by ``_uuid`` and duplicates nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from opsreport.ingest.columns import Column
from opsreport.ingest.i18n import tr
from opsreport.ingest.kinds import Options, RecordKind, register_kind
from opsreport.ingest.reference import Reference
from opsreport.ingest.writing import Counts, upsert
from opsreport.store import models as m
from opsreport.survey.answers import choice_names, flag_value
from opsreport.survey.instrument import Instrument, Question, load_instrument

KIND = "survey-responses"
# export columns read besides the questions: (name, English, Spanish, aliases)
_SYSTEM = (
    ("_uuid", "Kobo _uuid", "_uuid de Kobo", ("meta/instanceID", "instanceID", "KEY")),
    ("_submission_time", "Submission time", "Hora de envío", ("SubmissionDate",)),
    ("_id", "Kobo _id", "_id de Kobo", ()),
    ("_index", "Kobo _index", "_index de Kobo", ()),
    ("_validation_status", "Validation status", "Estado de validación", ()),
    ("__version__", "Form version", "Versión del formulario", ("FormVersion",)),
)
_RANGE = {
    ">=": lambda n: ("minimum", n),
    ">": lambda n: ("minimum", n + 1),
    "<=": lambda n: ("maximum", n),
    "<": lambda n: ("maximum", n - 1),
}


def _tag(text: str) -> str:
    return re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_") or "x"


def _limits(question: Question) -> dict[str, int]:
    """``minimum``/``maximum`` of an integer from its form constraint (``. >= 18 and …``)."""
    limits: dict[str, int] = {}
    for op, number in re.findall(r"\.\s*(>=|<=|>|<)\s*(\d+)", question.constraint or ""):
        key, value = _RANGE[op](int(number))
        limits[key] = value
    return limits


def columns_of(instrument: Instrument) -> tuple[Column, ...]:
    """The import columns of an instrument's exports: system columns, questions, flags."""
    columns = [
        Column(
            name,
            "text",
            en,
            es,
            f"#x_kobo+{_tag(name)}",
            "Kobo/ODK system column." + (" Identifies the response." if name == "_uuid" else ""),
            "Columna de sistema de Kobo/ODK."
            + (" Identifica la respuesta." if name == "_uuid" else ""),
            required=name == "_uuid",
            aliases=aliases,
            max_length=500,
        )
        for name, en, es, aliases in _SYSTEM
    ]
    for q in instrument.questions:
        kind = {"date": "date", "integer": "integer"}.get(q.type, "text")
        help_en = f"{q.type}" + (f" from list {q.list_name}" if q.list_name else "")
        if q.is_select:
            help_en += ": choice names or labels" + (
                ", space-separated" if q.type == "select_multiple" else ""
            )
        columns.append(
            Column(
                q.name,
                kind,
                q.label("en") if q.asked else q.name,
                q.label("es") if q.asked else q.name,
                f"#x_{_tag(q.name)}",
                help_en + ".",
                help_en.replace("from list", "de la lista")
                .replace("choice names or labels", "nombres o etiquetas de opciones")
                .replace("space-separated", "separados por espacios")
                + ".",
                aliases=(q.path,),
                max_length=300,
                **(_limits(q) if kind == "integer" else {}),
            )
        )
        if q.type == "select_multiple":
            for c in q.choices:
                columns.append(
                    Column(
                        f"{q.name}/{c.name}",
                        "text",
                        f"{q.label('en')}/{c.label('en')}",
                        f"{q.label('es')}/{c.label('es')}",
                        f"#x_{_tag(q.name)}+{_tag(c.name)}",
                        f"1 when '{c.name}' was chosen, 0 when not.",
                        f"1 si se eligió '{c.name}', 0 si no.",
                        aliases=(f"{q.path}/{c.name}",),
                    )
                )
    return tuple(columns)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _submission_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def row_checker(instrument: Instrument):
    """The rule over a whole response: choices exist, numbers read, a date, screening.

    It also turns the row into what the writer stores (``_response`` and ``_answers``),
    so the choices are matched once per row.
    """
    questions = [q for q in instrument.questions]

    def check(values: dict[str, Any], _ref: Reference, options: Options):
        answers: list[tuple[str, str]] = []
        chosen: dict[str, list[str]] = {}
        for q in questions:
            raw = values.get(q.name)
            if q.is_select:
                names, unplaced = choice_names(q, raw if isinstance(raw, str) else None)
                if q.type == "select_multiple" and not raw:
                    for c in q.choices:
                        flag = values.get(f"{q.name}/{c.name}")
                        value = flag_value(flag)
                        if value is None:
                            yield (
                                "invalid-choice-flag",
                                f"{q.name}/{c.name}",
                                tr(
                                    "'{flag}' is not 0 or 1. Write 1 when the choice was made."
                                ).format(flag=flag),
                            )
                            return
                        if value:
                            names.append(c.name)
                if unplaced:
                    allowed = ", ".join(c.name for c in q.choices)
                    yield (
                        "unknown-choice",
                        q.name,
                        tr(
                            "'{value}' is not a choice of {question} in the form "
                            "(list {list}). Use one of: {allowed}."
                        ).format(
                            value=" ".join(unplaced),
                            question=q.name,
                            list=q.list_name,
                            allowed=allowed,
                        ),
                    )
                    return
                chosen[q.name] = names
                answers.extend((q.name, name) for name in names)
            elif raw is not None and raw != "":
                if q.type == "decimal":
                    try:
                        raw = _number(str(raw))
                    except ValueError:
                        message = tr("'{raw}' is not a number.").format(raw=raw)
                        yield ("invalid-number", q.name, message)
                        return
                answers.append((q.name, raw.isoformat() if isinstance(raw, dt.date) else str(raw)))
        day = values.get("survey_date") or _submission_date(values.get("_submission_time"))
        if not isinstance(day, dt.date):
            yield (
                "missing-value",
                "survey_date",
                tr(
                    "The response has no interview date (survey_date) and no readable "
                    "_submission_time. Export the submissions with their dates."
                ),
            )
            return
        if day > options.today:
            yield (
                "future-date",
                "survey_date",
                tr("{day} is in the future. Check the date.").format(day=day),
            )
            return
        fmp = (chosen.get("fmp") or [None])[0]
        province = values.get("province") or None
        if province is None and fmp and "fmp" in instrument:
            choice = instrument.question("fmp").choice(fmp)
            province = choice.properties.get("province") if choice else None
        consent = (chosen.get("consent") or ["yes"])[0] != "no"
        surveyed = (chosen.get("previously_surveyed") or ["no"])[0] == "yes"
        nationality = (chosen.get("nationality") or [None])[0]
        try:
            weight = _number(str(values.get("weight") or 1))
        except ValueError:
            weight = 1.0
        values["_response"] = {
            "uuid": values["_uuid"].removeprefix("uuid:")[:64],  # meta/instanceID form
            "survey_date": day,
            "fmp": fmp,
            "province_pcode": province,
            "sex": (chosen.get("sex") or [None])[0],
            "age": values.get("age"),
            "nationality": nationality if nationality and len(nationality) == 3 else None,
            "consent": consent,
            "previously_surveyed": surveyed,
            "screened_out": not consent or surveyed,
            "weight": weight,
        }
        values["_answers"] = [(q, v[:300]) for q, v in answers]

    return check


class SurveyResponseWriter:
    """Writes responses into one round (made on the first rows if it does not exist).

    Everything a re-import replaces is noted for undo (:func:`restore`): the response's
    columns, its whole list of answers when they changed, and the round's dates and
    provinces when the import stretched them. A round the import made (and the form's
    instrument, when it registered it) is noted as made by it: undoing the import removes
    it once no response is left in it.
    """

    instrument: Instrument
    round_code: str | None = None

    def __init__(self, conn, batch_id: int, reference: Reference) -> None:
        self.conn, self.batch_id = conn, batch_id
        self.round_id: int | None = None
        self.round_made = False  # by this import
        self.round_noted = False  # its fieldwork and provinces before this import
        self.provinces = {row[0] for row in conn.execute(select(m.AdminUnit.__table__.c.pcode))}

    def _round(self, rows: list[dict[str, Any]], counts: Counts) -> int:
        from opsreport.survey.rounds import ensure_round

        dates = [r["_response"]["survey_date"] for r in rows]
        code = self.round_code or f"{self.instrument.code}-{min(dates):%Y-%m}"
        rounds, forms = m.SurveyRound.__table__, m.SurveyInstrument.__table__
        had_round = self.conn.execute(select(rounds.c.id).where(rounds.c.code == code)).first()
        had_form = self.conn.execute(
            select(forms.c.id).where(
                forms.c.code == self.instrument.code, forms.c.version == self.instrument.version
            )
        ).first()
        round_id = ensure_round(self.conn, self.instrument, code, min(dates), max(dates), [])
        if had_round is None:
            self.round_made = True
            if had_form is None:
                form_id = self.conn.execute(
                    select(rounds.c.instrument_id).where(rounds.c.id == round_id)
                ).scalar_one()
                counts.replaced.append({"table": forms.name, "id": form_id, "made": True})
            counts.replaced.append({"table": rounds.name, "id": round_id, "made": True})
        return round_id

    def write(self, rows: list[dict[str, Any]]) -> Counts:
        from opsreport.survey.rounds import widen_round

        made = Counts()
        if self.round_id is None:
            self.round_id = self._round(rows, made)
        responses = []
        for r in rows:
            response = {**r["_response"], "round_id": self.round_id}
            if response["province_pcode"] not in self.provinces:
                response["province_pcode"] = None
            responses.append(response)
        table = m.SurveyResponse.__table__
        counts, ids, new = upsert(self.conn, table, ("uuid",), responses, self.batch_id, True)
        counts.replaced[:0] = made.replaced
        wanted = {ids[(r["_response"]["uuid"],)]: set(r["_answers"]) for r in rows}
        answers = m.SurveyAnswer.__table__
        stored: dict[int, set] = {i: set() for i in wanted}
        for found in self.conn.execute(
            select(answers.c.response_id, answers.c.question, answers.c.value).where(
                answers.c.response_id.in_(list(wanted))
            )
        ):
            stored[found[0]].add((found[1], found[2]))
        changed = [i for i, pairs in wanted.items() if pairs != stored[i]]
        newly = {ids[key] for key in new}
        replaced = {entry["id"] for entry in counts.replaced if entry["table"] == table.name}
        extra = [i for i in changed if i not in newly and i not in replaced]
        counts.unchanged -= len(extra)  # same response columns, other answers: an update
        counts.updated += len(extra)
        if changed:
            for i in changed:
                if i not in newly:  # the answers of a response imported before
                    counts.replaced.append(
                        {"table": answers.name, "id": i, "before": sorted(stored[i])}
                    )
            self.conn.execute(delete(answers).where(answers.c.response_id.in_(changed)))
            self.conn.execute(
                insert(answers),
                [
                    {"response_id": i, "question": q, "value": v}
                    for i in changed
                    for q, v in sorted(wanted[i])
                ],
            )
        kept = [r for r in responses if r["province_pcode"]]
        before = widen_round(
            self.conn,
            self.round_id,
            min(r["survey_date"] for r in responses),
            max(r["survey_date"] for r in responses),
            [r["province_pcode"] for r in kept],
        )
        if before is not None and not self.round_made and not self.round_noted:
            # the first stretch of this import: what the round was before it
            self.round_noted = True
            counts.replaced.append(
                {
                    "table": m.SurveyRound.__table__.name,
                    "id": self.round_id,
                    "before": {k: _jsonable(v) for k, v in before.items()},
                }
            )
        return counts

    @staticmethod
    def undo(conn, batch_id: int) -> dict[str, int]:
        """Remove the batch's responses and their answers, then fit the rounds they were
        in (:func:`fit_round`); a round (or instrument) that an undone import made is
        removed once nothing is left in it."""
        responses = m.SurveyResponse.__table__
        answers = m.SurveyAnswer.__table__
        rounds, forms = m.SurveyRound.__table__, m.SurveyInstrument.__table__
        mine = select(responses.c.id).where(responses.c.batch_id == batch_id)
        touched = set(
            conn.execute(
                select(responses.c.round_id).distinct().where(responses.c.batch_id == batch_id)
            ).scalars()
        )
        removed = conn.execute(delete(answers).where(answers.c.response_id.in_(mine))).rowcount
        gone = conn.execute(delete(responses).where(responses.c.batch_id == batch_id)).rowcount
        history = SurveyHistory(conn, batch_id)
        made = history.made()
        touched |= made.get(rounds.name, set()) | history.marked()
        dropped = sum(fit_round(conn, round_id, history) for round_id in sorted(touched))
        for form_id in sorted(made.get(forms.name, set())):
            in_use = conn.execute(select(rounds.c.id).where(rounds.c.instrument_id == form_id))
            if in_use.first() is None:
                conn.execute(delete(forms).where(forms.c.id == form_id))
        return {"survey_answer": removed, "survey_response": gone, "survey_round": dropped}


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


MADE = "made"


class SurveyHistory:
    """What the survey imports did to rounds, read from their import audit entries (by the
    ``batch_id`` of the entry's structured detail and the batch's kind, never by the
    entry's text), seen from the undo of ``batch_id``.

    ``rounds``: round id -> the batches that made or stretched it, oldest first, each with
    its entry (``made``, or ``before``: the fieldwork and provinces before the stretch).
    """

    def __init__(self, conn, batch_id: int) -> None:
        from opsreport.ingest.undo import import_details

        batches = m.ImportBatch.__table__
        self.batch_id = batch_id
        self.undone = set(
            conn.execute(select(batches.c.id).where(batches.c.status == "undone")).scalars()
        )
        self.undone.add(batch_id)
        ours = conn.execute(select(batches.c.id).where(batches.c.kind == KIND)).scalars()
        self.details = import_details(conn, ours)
        self.rounds: dict[int, list[tuple[int, dict[str, Any]]]] = {}
        for batch in sorted(self.details):
            for entry in self.details[batch]:
                if entry["table"] == m.SurveyRound.__table__.name and (
                    entry.get("made") or "before" in entry
                ):
                    self.rounds.setdefault(entry["id"], []).append((batch, entry))

    def marked(self) -> set[int]:
        """The rounds this batch made or stretched."""
        return {
            r for r, events in self.rounds.items() if any(b == self.batch_id for b, _ in events)
        }

    def _made_rounds(self) -> set[int]:
        return self.made().get(m.SurveyRound.__table__.name, set())

    def made(self) -> dict[str, set[int]]:
        """The rows (table name -> ids) that survey imports made and that are being
        undone: by this batch, or by a batch undone before (a round it made may have held
        responses of later imports then, and be empty only now)."""
        made: dict[str, set[int]] = {}
        for batch, replaced in self.details.items():
            if batch in self.undone:
                for entry in replaced:
                    if entry.get("made"):
                        made.setdefault(entry["table"], set()).add(entry["id"])
        return made

    def start(self, round_id: int) -> str | dict[str, Any] | None:
        """What the round goes back to before its responses left are fitted in: the
        fieldwork noted by the oldest of the undone imports that stretched it last (this
        batch and the undone ones just before it, however they were undone), ``MADE`` when
        that is the import that made it (the responses left alone decide), or None when
        this batch did not stretch it (it stays, fitted to cover its responses)."""
        events = self.rounds.get(round_id, [])
        mine = [i for i, (batch, _entry) in enumerate(events) if batch == self.batch_id]
        if not mine:
            return MADE if round_id in self._made_rounds() else None
        first = mine[0]
        while first > 0 and events[first - 1][0] in self.undone:
            first -= 1
        entry = events[first][1]
        return MADE if entry.get("made") else entry["before"]


def fit_round(conn, round_id: int, history: SurveyHistory) -> int:
    """Give a round its fieldwork back after an undo; 1 if it was removed, else 0.

    The round goes back to what it was before the undone imports stretched it
    (:meth:`SurveyHistory.start`), then stretches to cover the responses left in it. Taking
    the oldest of the undone imports just before this one (not this one's own note) is
    what lets imports be undone in any order: an import that stretched the round after
    another one noted that other import's stretch as its "before". A round an undone
    import made fits the responses left, or goes when there are none.
    """
    from opsreport.survey.rounds import widen_round

    responses, rounds = m.SurveyResponse.__table__, m.SurveyRound.__table__
    start = history.start(round_id)
    left = conn.execute(
        select(func.min(responses.c.survey_date), func.max(responses.c.survey_date)).where(
            responses.c.round_id == round_id
        )
    ).one()
    if start == MADE and left[0] is None:
        return conn.execute(delete(rounds).where(rounds.c.id == round_id)).rowcount
    provinces = sorted(
        conn.execute(
            select(responses.c.province_pcode)
            .distinct()
            .where(responses.c.round_id == round_id, responses.c.province_pcode.is_not(None))
        ).scalars()
    )
    if start == MADE:  # the responses left alone decide
        values = {"fieldwork_start": left[0], "fieldwork_end": left[1], "provinces": ""}
        conn.execute(update(rounds).where(rounds.c.id == round_id).values(**values))
    elif start is not None:
        values = dict(start)
        for key in ("fieldwork_start", "fieldwork_end"):
            values[key] = dt.date.fromisoformat(values[key])
        conn.execute(update(rounds).where(rounds.c.id == round_id).values(**values))
    if left[0] is not None:
        widen_round(conn, round_id, left[0], left[1], provinces)
    return 0


def made_by_undone_imports(conn, batch_id: int) -> dict[str, set[int]]:
    """The rows (table name -> ids) that survey imports made and that are being undone:
    by this batch, or by a batch undone before (:meth:`SurveyHistory.made`)."""
    return SurveyHistory(conn, batch_id).made()


def survey_responses_kind(
    instrument: Instrument | None = None, round_code: str | None = None
) -> RecordKind:
    """The ``survey-responses`` kind for an instrument's exports, writing into a round.

    Without ``round_code`` the round is named after the instrument and the month of the
    earliest interview (``fms-2023-07``).
    """
    instrument = instrument or load_instrument("fms")
    writer = type(
        "SurveyResponseWriterFor",
        (SurveyResponseWriter,),
        {"instrument": instrument, "round_code": round_code},
    )
    return RecordKind(
        name=KIND,
        title_en="Survey responses (Kobo / ODK export)",
        title_es="Respuestas de encuesta (exportación de Kobo / ODK)",
        description=(
            "One row per submission of the survey form; identified by _uuid, so a "
            "re-import of the same or an overlapping export duplicates nothing."
        ),
        columns=columns_of(instrument),
        key=("_uuid",),
        writer=writer,
        check_row=row_checker(instrument),
        tables=("survey_response", "survey_answer", "survey_round"),
    )


class _ShippedFormKind(RecordKind):
    """The registered ``survey-responses`` kind: the shipped FMS, read on first use.

    Reading the form costs a YAML parse; every command imports the kind registry, and
    most never import a survey.
    """

    name = KIND

    def __init__(self) -> None:
        self._kind: RecordKind | None = None

    def _real(self) -> RecordKind:
        if self._kind is None:
            self._kind = survey_responses_kind()
        return self._kind

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        return getattr(self._real(), attribute)

    check_row = property(lambda self: self._real().check_row)
    tables = property(lambda self: self._real().tables)


register_kind(_ShippedFormKind())
