"""The steps every Slack listener shares, one module each: what a listener is given (services), the
clients it sends and reads with (clients), the hand-off into the outbox before the acknowledgement
(handoff), sending through the delivery's retries (sending), posting an answer in its channel once
(channel_posts), the per-person limit (per_person_limit), the patient-identifier reminder
(identifier_reminder) and reading a button back (buttons)."""
