"""Parcels models."""
