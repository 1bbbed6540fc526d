"""Tests of `moscow1921 serve` in a real headless browser."""
