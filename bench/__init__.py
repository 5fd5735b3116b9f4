"""Benchmarks: answer speed and matching quality, beside simpler approaches (`python -m bench`)."""
