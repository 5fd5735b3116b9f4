"""An Answer in each channel's form, by pure functions: Slack blocks, schedule tables."""
