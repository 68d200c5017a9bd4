"""Yearly cooperation agreements: parties, locations, indicators, targets, deadlines."""
