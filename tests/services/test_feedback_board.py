"""The feedback screens' reads: an ambassador's own feedback, newest first, and the supervisors' board of
feedback awaiting an answer, unseen first and the oldest first."""

from __future__ import annotations

import datetime as dt

from liaison_desktop.services.feedback_board import FeedbackBoard

from .test_feedback import FEEDBACK


def test_an_ambassador_lists_only_their_own_feedback_newest_first(ambassador, other_ambassador):
    older = ambassador.feedback.record({**FEEDBACK, "topic": "Older"})
    other_ambassador.feedback.record({**FEEDBACK, "topic": "Someone else's"})
    newer = ambassador.feedback.record({**FEEDBACK, "topic": "Newer"})
    assert [row.id for row in FeedbackBoard(ambassador).mine()] == [newer, older]


def test_the_board_lists_unseen_feedback_first_then_seen_oldest_first_and_never_answered(
    world, ambassador, other_ambassador, supervisor
):
    first = ambassador.feedback.record({**FEEDBACK, "topic": "First"})
    world.now += dt.timedelta(minutes=1)
    second = other_ambassador.feedback.record({**FEEDBACK, "topic": "Second"})
    world.now += dt.timedelta(minutes=1)
    third = ambassador.feedback.record({**FEEDBACK, "topic": "Third"})
    answered = ambassador.feedback.record({**FEEDBACK, "topic": "Answered"})
    supervisor.feedback.mark_seen(first)
    supervisor.feedback.answer(answered, "Done", "en")
    assert [row.id for row in FeedbackBoard(supervisor).awaiting_answer()] == [second, third, first]
