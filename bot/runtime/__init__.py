"""What a serving process needs around the answers: settings, logs, metrics, health, reloads."""
