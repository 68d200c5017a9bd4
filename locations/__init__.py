"""Organisations (tenants), locations (rooms), memberships and the tenancy mechanism."""
