"""A pasted or uploaded schedule in, one checked row per input row out."""
