"""Organisations (tenants), locations (rooms), memberships, the access layer (who may see or
do what) and the small shared types (periods, formatting, CSV helpers) every app builds on."""
