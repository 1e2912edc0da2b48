"""The per-type merge rules: drafts then immutable encounters, append-only records, reviews, referrals
and their timeline, and deletes racing edits."""

from __future__ import annotations

from tests.server.conftest import World
from tests.server.helpers import SAMPLE_FIELDS, ApiUser


def _referral(user: ApiUser) -> str:
    return user.create("referral", contact_id=user.create("contact"), service_id=user.create("service"))


def _event(user: ApiUser, referral: str, from_status: str, to_status: str, **kw) -> dict:
    fields = {"referral_id": referral, "from_status": from_status, "to_status": to_status}
    return user.mutation("referral_event", fields=fields, **kw)


# -- encounters -------------------------------------------------------------------------------------
def test_a_draft_encounter_is_editable(world: World) -> None:
    olivia = world.sign_in("olivia")
    encounter = olivia.create("encounter", status="draft")
    [outcome] = olivia.push(olivia.mutation("encounter", encounter, {"summary": "more detail"}))
    assert outcome["status"] == "applied"


def test_a_submitted_encounter_rejects_edits(world: World) -> None:
    olivia = world.sign_in("olivia")
    encounter = olivia.create("encounter", status="draft")
    olivia.push(olivia.mutation("encounter", encounter, {"status": "submitted"}))
    [outcome] = olivia.push(olivia.mutation("encounter", encounter, {"summary": "rewritten"}))
    assert (outcome["status"], outcome["reason"]) == ("rejected", "immutable")
    assert olivia.latest()[encounter]["fields"]["summary"] == SAMPLE_FIELDS["encounter"]["summary"]


def test_a_submitted_encounter_cannot_be_deleted(world: World) -> None:
    olivia = world.sign_in("olivia")
    encounter = olivia.create("encounter", status="submitted")
    [outcome] = olivia.push(olivia.mutation("encounter", encounter, op="delete"))
    assert outcome["reason"] == "immutable"


def test_a_submitted_encounter_awaits_review(world: World) -> None:
    olivia = world.sign_in("olivia")
    encounter = olivia.create("encounter", status="submitted")
    assert olivia.latest()[encounter]["fields"]["review_status"] == "pending"


def test_amendments_append_to_a_submitted_encounter(world: World) -> None:
    olivia = world.sign_in("olivia")
    encounter = olivia.create("encounter", status="submitted")
    first = olivia.create("amendment", encounter_id=encounter, text="the date was the 19th")
    second = olivia.create("amendment", encounter_id=encounter, text="two interpreters")
    amendments = olivia.latest("amendment")
    assert {first, second} == set(amendments)
    assert {a["owner_id"] for a in amendments.values()} == {olivia.id}


def test_a_review_sets_the_encounters_review_status_though_it_is_immutable(world: World) -> None:
    olivia, sofia = world.sign_in("olivia"), world.sign_in("sofia")
    encounter = olivia.create("encounter", status="submitted")
    sofia.create("review", encounter_id=encounter, decision="returned")
    assert olivia.latest()[encounter]["fields"]["review_status"] == "returned"


def test_the_latest_review_by_clock_decides_whatever_arrives_last(world: World) -> None:
    olivia, sofia, sue = world.sign_in("olivia"), world.sign_in("sofia"), world.sign_in("sofia")
    encounter = olivia.create("encounter", status="submitted")
    fields = {"encounter_id": encounter}
    early = sofia.mutation("review", fields={**fields, "decision": "returned"})
    late = sue.later_than(early).mutation("review", fields={**fields, "decision": "approved"})
    sue.push(late)
    sofia.push(early)
    assert olivia.latest()[encounter]["fields"]["review_status"] == "approved"


def test_a_returned_encounter_corrected_by_an_amendment_is_pending_review_again(world: World) -> None:
    olivia, sofia = world.sign_in("olivia"), world.sign_in("sofia")
    encounter = olivia.create("encounter", status="submitted")
    sofia.create("review", encounter_id=encounter, decision="returned")
    olivia.create("amendment", encounter_id=encounter, text="the meeting was on Tuesday")
    assert olivia.latest()[encounter]["fields"]["review_status"] == "pending"


def test_a_translation_appended_to_a_returned_encounter_does_not_reopen_its_review(world: World) -> None:
    olivia, sofia = world.sign_in("olivia"), world.sign_in("sofia")
    encounter = olivia.create("encounter", status="submitted")
    sofia.create("review", encounter_id=encounter, decision="returned")
    olivia.create("amendment", encounter_id=encounter, text="traducción", reason="translation")
    assert olivia.latest()[encounter]["fields"]["review_status"] == "returned"


def test_a_draft_encounter_cannot_be_reviewed(world: World) -> None:
    olivia, sofia = world.sign_in("olivia"), world.sign_in("sofia")
    encounter = olivia.create("encounter")
    outcome = sofia.push(
        sofia.mutation("review", fields={"encounter_id": encounter, "decision": "approved"})
    )[0]
    assert (outcome["status"], outcome["reason"]) == ("rejected", "not_submitted")


# -- append-only ------------------------------------------------------------------------------------
def test_an_append_only_record_resent_unchanged_is_a_harmless_no_op(world: World) -> None:
    olivia = world.sign_in("olivia")
    event = olivia.create("audit_event")
    [outcome] = olivia.push(olivia.mutation("audit_event", event, SAMPLE_FIELDS["audit_event"]))
    assert outcome["status"] == "applied" and outcome["record_version"] == 1


def test_an_append_only_record_cannot_be_changed(world: World) -> None:
    olivia = world.sign_in("olivia")
    event = olivia.create("audit_event")
    [outcome] = olivia.push(
        olivia.mutation("audit_event", event, {**SAMPLE_FIELDS["audit_event"], "action": "exported"})
    )
    assert (outcome["status"], outcome["reason"]) == ("rejected", "append_only")


def test_an_append_only_record_cannot_be_deleted(world: World) -> None:
    olivia = world.sign_in("olivia")
    encounter = olivia.create("encounter", status="submitted")
    amendment = olivia.create("amendment", encounter_id=encounter)
    [outcome] = olivia.push(olivia.mutation("amendment", amendment, op="delete"))
    assert outcome["reason"] == "append_only"


def test_a_child_of_a_missing_parent_is_rejected(world: World) -> None:
    olivia = world.sign_in("olivia")
    [outcome] = olivia.push(
        olivia.mutation(
            "commitment", fields={"meeting_id": "6f1c1d2e-0000-4000-8000-000000000000", "description": "x"}
        )
    )
    assert (outcome["status"], outcome["reason"]) == ("rejected", "parent_not_found")


def test_a_child_of_a_deleted_parent_is_rejected(world: World) -> None:
    olivia = world.sign_in("olivia")
    meeting = olivia.create("meeting")
    olivia.push(olivia.mutation("meeting", meeting, op="delete"))
    [outcome] = olivia.push(olivia.mutation("commitment", fields={"meeting_id": meeting, "description": "x"}))
    assert outcome["reason"] == "deleted"


def test_a_child_inherits_its_parents_team_and_owner(world: World) -> None:
    olivia, sofia = world.sign_in("olivia"), world.sign_in("sofia")
    encounter = olivia.create("encounter", status="submitted")
    review = sofia.create("review", encounter_id=encounter)
    change = sofia.latest()[review]
    assert (change["team_id"], change["owner_id"], change["author_id"]) == (
        world.teams["North"],
        olivia.id,
        sofia.id,
    )


def test_a_new_record_goes_to_the_requested_team_only_if_the_author_belongs_to_it(world: World) -> None:
    olivia, sofia = world.sign_in("olivia"), world.sign_in("sofia")
    foreign = olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"], team_id=world.teams["South"])
    olivia.push(foreign)
    assert sofia.latest()[foreign["record_id"]]["team_id"] == world.teams["North"]


# -- referrals --------------------------------------------------------------------------------------
def test_a_referral_starts_as_draft_and_follows_its_events(world: World) -> None:
    olivia = world.sign_in("olivia")
    referral = _referral(olivia)
    assert olivia.latest()[referral]["fields"]["status"] == "draft"
    olivia.push(_event(olivia, referral, "draft", "sent"))
    olivia.push(_event(olivia, referral, "sent", "accepted"))
    assert olivia.latest()[referral]["fields"]["status"] == "accepted"


def test_an_invalid_transition_is_rejected_and_not_kept(world: World) -> None:
    olivia = world.sign_in("olivia")
    referral = _referral(olivia)
    bad = _event(olivia, referral, "draft", "completed")
    [outcome] = olivia.push(bad)
    assert (outcome["status"], outcome["reason"]) == ("rejected", "invalid_transition")
    assert bad["record_id"] not in olivia.latest()


def test_concurrent_transitions_resolve_by_clock_and_both_stay_in_the_timeline(world: World) -> None:
    olivia, omar = world.sign_in("olivia"), world.sign_in("omar")
    referral = _referral(olivia)
    omar.pull_all()
    withdraw = omar.mutation(
        "referral_event", fields={"referral_id": referral, "from_status": "draft", "to_status": "withdrawn"}
    )
    send = olivia.later_than(withdraw).mutation(
        "referral_event", fields={"referral_id": referral, "from_status": "draft", "to_status": "sent"}
    )
    [sent] = olivia.push(send)
    [withdrawn] = omar.push(withdraw)
    latest = olivia.latest()
    assert (sent["status"], withdrawn["status"]) == ("applied", "applied")
    assert latest[referral]["fields"]["status"] == "withdrawn"
    assert latest[withdraw["record_id"]]["fields"]["effective"] is True
    assert latest[send["record_id"]]["fields"]["effective"] is False


def test_a_transition_superseded_on_arrival_is_kept_and_answered_merged(world: World) -> None:
    olivia, omar = world.sign_in("olivia"), world.sign_in("omar")
    referral = _referral(olivia)
    early = _event(omar, referral, "draft", "withdrawn")
    late = _event(olivia.later_than(early), referral, "draft", "sent")
    omar.push(early)
    [outcome] = olivia.push(late)
    assert outcome["status"] == "merged"
    assert olivia.latest()[late["record_id"]]["fields"]["effective"] is False


def test_concurrent_transitions_end_the_same_in_either_arrival_order(world: World) -> None:
    endings = []
    for swap in (False, True):
        olivia, omar = world.sign_in("olivia"), world.sign_in("omar")
        referral = _referral(olivia)
        withdraw = _event(omar, referral, "draft", "withdrawn")
        pair = [(omar, withdraw), (olivia, _event(olivia.later_than(withdraw), referral, "draft", "sent"))]
        for user, mutation in reversed(pair) if swap else pair:
            user.push(mutation)
        latest = olivia.latest()
        effective = sorted(
            (c["fields"]["to_status"], c["fields"]["effective"])
            for c in latest.values()
            if c["record_type"] == "referral_event" and c["fields"]["referral_id"] == referral
        )
        endings.append((latest[referral]["fields"]["status"], effective))
    assert endings[0] == endings[1] == ("withdrawn", [("sent", False), ("withdrawn", True)])


# -- deletes racing edits ---------------------------------------------------------------------------
def test_a_delete_of_the_latest_version_deletes_and_the_tombstone_has_no_fields(world: World) -> None:
    olivia = world.sign_in("olivia")
    contact = olivia.create("contact")
    [outcome] = olivia.push(olivia.mutation("contact", contact, op="delete"))
    tombstone = olivia.latest()[contact]
    assert outcome["status"] == "applied"
    assert (tombstone["deleted"], tombstone["fields"]) == (True, {})


def test_a_delete_racing_an_unseen_edit_keeps_the_record_as_a_conflict(world: World) -> None:
    olivia, omar = world.sign_in("olivia"), world.sign_in("omar")
    contact = olivia.create("contact")
    omar.pull_all()
    olivia.push(olivia.mutation("contact", contact, {"phone": "+331"}))
    [outcome] = omar.push(omar.mutation("contact", contact, op="delete"))
    latest = omar.latest()
    assert outcome["status"] == "conflict"
    assert latest[contact]["deleted"] is False
    conflict = latest[outcome["conflicts"][0]["conflict_id"]]["fields"]
    assert (conflict["kind"], conflict["kept_value"]) == ("delete_edit", {"phone": "+331"})


def test_an_edit_racing_an_unseen_delete_resurrects_the_record_as_a_conflict(world: World) -> None:
    olivia, omar = world.sign_in("olivia"), world.sign_in("omar")
    contact = olivia.create("contact")
    omar.pull_all()
    omar.push(omar.mutation("contact", contact, op="delete"))
    [outcome] = olivia.push(olivia.mutation("contact", contact, {"phone": "+331"}))
    latest = omar.latest()
    assert outcome["status"] == "merged"
    assert (latest[contact]["deleted"], latest[contact]["fields"]["phone"]) == (False, "+331")
    assert latest[outcome["conflicts"][0]["conflict_id"]]["fields"]["kind"] == "delete_edit"


def test_an_edit_by_a_device_that_saw_the_delete_is_rejected(world: World) -> None:
    olivia, omar = world.sign_in("olivia"), world.sign_in("omar")
    contact = olivia.create("contact")
    omar.push(omar.mutation("contact", contact, op="delete", base_version=1))
    olivia.pull_all()
    [outcome] = olivia.push(olivia.mutation("contact", contact, {"phone": "+331"}))
    assert (outcome["status"], outcome["reason"]) == ("rejected", "deleted")


def test_delete_and_edit_end_the_same_in_either_arrival_order(world: World) -> None:
    endings = []
    for swap in (False, True):
        olivia, omar = world.sign_in("olivia"), world.sign_in("omar")
        contact = olivia.create("contact")
        omar.pull_all()
        pair = [
            (olivia, olivia.mutation("contact", contact, {"phone": "+331"})),
            (omar, omar.mutation("contact", contact, op="delete")),
        ]
        for user, mutation in reversed(pair) if swap else pair:
            user.push(mutation)
        latest = olivia.latest()
        kinds = [
            c["fields"]["kind"]
            for c in latest.values()
            if c["record_type"] == "conflict" and c["fields"]["subject_id"] == contact
        ]
        endings.append((latest[contact]["deleted"], latest[contact]["fields"]["phone"], kinds))
    assert endings[0] == endings[1] == (False, "+331", ["delete_edit"])
