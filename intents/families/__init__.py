"""One module per intent family. Each handler carries its intent record(s) through `@intent`
(intents/registry.py), which collects every module here; a new kind of question is a new module."""
