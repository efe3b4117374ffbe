# ruff: noqa: E501  (paragraphs of resident-facing text, one per line so an administrator can compare them)
"""The first text of the administrator-edited pages, written once by a data migration. Kept here, not in the
migration, so the tests can check the pages say what the Code requires (3.4, 3.7)."""

POLICY_TITLE = "Our complaints policy"
POLICY_SUMMARY = "How we handle complaints, how long each step takes, and what you can do if you are not happy."
POLICY_BODY = """\
A complaint is you telling us you are unhappy with something we have done, or not done, or with the standard of our service. You do not need to use the word complaint. You can complain online, by phone, by email, by letter or in person, and you can ask someone else to complain for you.

We have two stages. There is no informal stage before them, and no third stage after them.

Stage 1. We will acknowledge your complaint within 5 working days of receiving it and tell you what we understand your complaint to be and the outcome you want. We will then send our full response within 10 working days of that acknowledgement.

Stage 2. If you are not happy with our stage 1 response, you can ask us to look at your complaint again. You do not need to give a reason. A senior manager who did not deal with your complaint at stage 1 will review it. We will acknowledge your request within 5 working days and send our final response within 20 working days of that acknowledgement.

If we need more time, we will tell you why, when you can expect our response, and how to contact the Housing Ombudsman. We will not take more than 10 extra working days at stage 1, or 20 at stage 2, without a good reason.

We will tell you if we cannot accept your complaint, and why. You can ask the Housing Ombudsman to look at that decision.

If your home is in Scotland, we follow the Scottish Public Services Ombudsman's model complaints procedure: a frontline response within 5 working days, then an investigation with a response within 20 working days.

You can contact the Housing Ombudsman at any time during your complaint for advice. After our final response you can ask them to investigate.

If you need us to do anything differently because of a disability or another need, tell us and we will make reasonable adjustments.
"""

OMBUDSMAN_TITLE = "How to contact the Housing Ombudsman"
OMBUDSMAN_SUMMARY = "The Housing Ombudsman is free, independent and impartial. You can contact them at any time."
OMBUDSMAN_BODY = """\
The Housing Ombudsman can give you advice at any point during your complaint. Once you have had our final (stage 2) response, they can investigate your complaint. They can also look at a decision not to accept or escalate your complaint.

Housing Ombudsman Service, PO Box 152, Liverpool L33 7WQ.

Telephone 0300 111 3000.

Email info@housing-ombudsman.org.uk.

Website www.housing-ombudsman.org.uk.

If your home is in Scotland, contact the Scottish Public Services Ombudsman: Bridgeside House, 99 McDonald Road, Edinburgh EH7 4NS. Freephone 0800 377 7330. Website www.spso.org.uk.
"""
