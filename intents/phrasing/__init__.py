"""How a question is phrased, apart from what it names: the Slack text that is context rather than the
question (quoted earlier messages, struck words), contractions, small talk, yes/no questions,
assertions to confirm or correct, coverage asked as prior authorization, and code ranges. The words
are data (phrasing.toml); the documents' verdicts are read from the answer's findings."""
